import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { Lang } from '../i18n';

interface LanguageState {
  lang: Lang;
  setLang: (lang: Lang) => void;
}

export const LANGUAGE_STORAGE_KEY = 'rouen-social.language';

/** The resident's language choice, kept across visits. French unless they chose English. */
export const useLanguage = create<LanguageState>()(
  persist(
    (set) => ({
      lang: 'fr',
      setLang: (lang) => {
        set({ lang });
      },
    }),
    { name: LANGUAGE_STORAGE_KEY, storage: createJSONStorage(() => localStorage) },
  ),
);
