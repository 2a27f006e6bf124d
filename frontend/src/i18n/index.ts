import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import fr from './locales/fr.json';

export type Lang = 'fr' | 'en';
export const LANGS: readonly Lang[] = ['fr', 'en'];

export const resources = { fr: { translation: fr }, en: { translation: en } } as const;

export function initI18n(lang: Lang): typeof i18n {
  if (!i18n.isInitialized) {
    void i18n.use(initReactI18next).init({
      resources,
      lng: lang,
      fallbackLng: 'fr',
      interpolation: { escapeValue: false },
      initAsync: false,
    });
  }
  return i18n;
}

export default i18n;
