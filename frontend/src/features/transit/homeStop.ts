import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { DEFAULT_STOP } from './transitFormat';

export interface StopRef {
  id: string;
  name: string;
}

interface HomeStopState {
  /** The stop the resident pinned to the home page. */
  favourite: StopRef | null;
  /** The last stop whose departures they looked at. */
  recent: StopRef | null;
  setFavourite: (stop: StopRef | null) => void;
  setRecent: (stop: StopRef) => void;
}

export const HOME_STOP_STORAGE_KEY = 'rouen-social.transit-stop';

/** The home widget's stop, kept across visits: the pinned one, else the last one seen. */
export const useHomeStop = create<HomeStopState>()(
  persist(
    (set) => ({
      favourite: null,
      recent: null,
      setFavourite: (favourite) => {
        set({ favourite });
      },
      setRecent: (recent) => {
        set({ recent });
      },
    }),
    { name: HOME_STOP_STORAGE_KEY, storage: createJSONStorage(() => localStorage), partialize: (s) => ({ favourite: s.favourite, recent: s.recent }) },
  ),
);

/** Which stop the home widget shows. */
export function useWidgetStop(): StopRef {
  const favourite = useHomeStop((s) => s.favourite);
  const recent = useHomeStop((s) => s.recent);
  return favourite ?? recent ?? DEFAULT_STOP;
}
