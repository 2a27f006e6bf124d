import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { Layout } from './components/Layout/Layout';
import { ComingSoon } from './pages/ComingSoon';
import { Home } from './pages/Home';
import { NotFound } from './pages/NotFound';
import { useLanguage } from './stores/language';

export function App() {
  const lang = useLanguage((s) => s.lang);
  const { i18n } = useTranslation();

  useEffect(() => {
    void i18n.changeLanguage(lang);
    document.documentElement.lang = lang;
  }, [lang, i18n]);

  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Home />} />
        <Route path="events" element={<ComingSoon section="nav.events" />} />
        <Route path="news" element={<ComingSoon section="nav.news" />} />
        <Route path="weather" element={<ComingSoon section="nav.weather" />} />
        <Route path="transport" element={<ComingSoon section="nav.transport" />} />
        <Route path="messages" element={<ComingSoon section="nav.messages" />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
