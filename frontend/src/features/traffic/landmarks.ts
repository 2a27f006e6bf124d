/**
 * A few well-known places of Rouen to place a report without geolocation (approximate coordinates,
 * good to a street or so). Names are i18n keys under `traffic.landmark`.
 */
export const LANDMARKS = [
  { id: 'gare', lat: 49.4489, lon: 1.0937 },
  { id: 'vieux-marche', lat: 49.4433, lon: 1.0874 },
  { id: 'cathedrale', lat: 49.4402, lon: 1.0948 },
  { id: 'hotel-de-ville', lat: 49.4431, lon: 1.0996 },
  { id: 'theatre-des-arts', lat: 49.4393, lon: 1.0888 },
  { id: 'pont-boieldieu', lat: 49.4372, lon: 1.0918 },
  { id: 'pont-jeanne-d-arc', lat: 49.4377, lon: 1.0851 },
  { id: 'pont-flaubert', lat: 49.4418, lon: 1.0653 },
  { id: 'saint-sever', lat: 49.4298, lon: 1.0873 },
  { id: 'chu', lat: 49.4512, lon: 1.1098 },
  { id: 'mont-riboudet', lat: 49.4486, lon: 1.0712 },
  { id: 'zenith', lat: 49.3986, lon: 1.0632 },
] as const;

export type LandmarkId = (typeof LANDMARKS)[number]['id'];
