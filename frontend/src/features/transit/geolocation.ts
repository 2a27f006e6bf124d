import { useState } from 'react';

export interface Coords {
  lat: number;
  lon: number;
}

export type LocateFailure = 'unsupported' | 'denied' | 'unavailable';

/** Why there is no position. */
export class LocateError extends Error {
  constructor(readonly reason: LocateFailure) {
    super(`geolocation ${reason}`);
  }
}

/** The device's position, once; rejects with why it could not be had. */
export function locate(): Promise<Coords> {
  return new Promise((resolve, reject: (reason: LocateError) => void) => {
    if (typeof navigator === 'undefined' || !('geolocation' in navigator)) {
      reject(new LocateError('unsupported'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) => {
        resolve({ lat: Number(position.coords.latitude.toFixed(5)), lon: Number(position.coords.longitude.toFixed(5)) });
      },
      (error) => {
        reject(new LocateError(error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable'));
      },
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 60_000 },
    );
  });
}

/** A "where am I" button's state: asks, then gives the position or why there is none. */
export function useLocate(onFound: (coords: Coords) => void) {
  const [state, setState] = useState<{ locating: boolean; failure: LocateFailure | null }>({ locating: false, failure: null });
  const run = () => {
    setState({ locating: true, failure: null });
    locate().then(
      (coords) => {
        setState({ locating: false, failure: null });
        onFound(coords);
      },
      (error: unknown) => {
        setState({ locating: false, failure: error instanceof LocateError ? error.reason : 'unavailable' });
      },
    );
  };
  return { ...state, locate: run };
}
