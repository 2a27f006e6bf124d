import { lazy, useEffect } from 'react';
import { RequireAuth } from './features/auth/RequireAuth';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { Layout } from './components/Layout/Layout';
import { HomeFeedPage } from './features/feed/HomeFeedPage';
import { NotFound } from './pages/NotFound';
import { useLanguage } from './stores/language';

// Pages load on demand: the first paint needs only the shell.
const ModerationPage = lazy(async () => ({ default: (await import('./features/moderation/ModerationPage')).ModerationPage }));
const SourcesPage = lazy(async () => ({ default: (await import('./features/admin/SourcesPage')).SourcesPage }));
const NotificationsPage = lazy(async () => ({ default: (await import('./features/notifications/NotificationsPage')).NotificationsPage }));
const PostPage = lazy(async () => ({ default: (await import('./features/feed/PostPage')).PostPage }));
const HashtagPage = lazy(async () => ({ default: (await import('./features/feed/HashtagPage')).HashtagPage }));
const ForgotPasswordPage = lazy(async () => ({ default: (await import('./features/auth/ForgotPasswordPage')).ForgotPasswordPage }));
const LoginPage = lazy(async () => ({ default: (await import('./features/auth/LoginPage')).LoginPage }));
const RegisterPage = lazy(async () => ({ default: (await import('./features/auth/RegisterPage')).RegisterPage }));
const ResetPasswordPage = lazy(async () => ({ default: (await import('./features/auth/ResetPasswordPage')).ResetPasswordPage }));
const VerifyEmailPage = lazy(async () => ({ default: (await import('./features/auth/VerifyEmailPage')).VerifyEmailPage }));
const LegalPage = lazy(async () => ({ default: (await import('./features/legal/LegalPage')).LegalPage }));
const ProfilePage = lazy(async () => ({ default: (await import('./features/profile/ProfilePage')).ProfilePage }));
const UserSearchPage = lazy(async () => ({ default: (await import('./features/search/UserSearchPage')).UserSearchPage }));
const BlockedPage = lazy(async () => ({ default: (await import('./features/settings/BlockedPage')).BlockedPage }));
const EditProfilePage = lazy(async () => ({ default: (await import('./features/settings/EditProfilePage')).EditProfilePage }));
const MessagesPage = lazy(async () => ({ default: (await import('./features/chat/MessagesPage')).MessagesPage }));
const ConversationPage = lazy(async () => ({ default: (await import('./features/chat/ConversationPage')).ConversationPage }));
const NotificationSettingsPage = lazy(async () => ({ default: (await import('./features/settings/NotificationSettingsPage')).NotificationSettingsPage }));
const SettingsPage = lazy(async () => ({ default: (await import('./features/settings/SettingsPage')).SettingsPage }));
const EventsPage = lazy(async () => ({ default: (await import('./features/events/EventsPage')).EventsPage }));
const EventPage = lazy(async () => ({ default: (await import('./features/events/EventPage')).EventPage }));
const NewsPage = lazy(async () => ({ default: (await import('./features/news/NewsPage')).NewsPage }));
const ArticlePage = lazy(async () => ({ default: (await import('./features/news/ArticlePage')).ArticlePage }));
const TransitPage = lazy(async () => ({ default: (await import('./features/transit/TransitPage')).TransitPage }));
const WeatherPage = lazy(async () => ({ default: (await import('./features/weather/WeatherPage')).WeatherPage }));
const TrafficPage = lazy(async () => ({ default: (await import('./features/traffic/TrafficPage')).TrafficPage }));

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
        <Route index element={<HomeFeedPage />} />
        <Route path="hashtags/:tag" element={<HashtagPage />} />
        <Route path="posts/:id" element={<PostPage />} />
        <Route path="events" element={<EventsPage />} />
        <Route path="events/:id" element={<EventPage />} />
        <Route path="news" element={<NewsPage />} />
        <Route path="news/:id" element={<ArticlePage />} />
        <Route path="transport/*" element={<TransitPage />} />
        <Route path="weather" element={<WeatherPage />} />
        <Route path="traffic" element={<TrafficPage />} />
        <Route path="register" element={<RegisterPage />} />
        <Route path="login" element={<LoginPage />} />
        <Route path="verify-email" element={<VerifyEmailPage />} />
        <Route path="forgot-password" element={<ForgotPasswordPage />} />
        <Route path="reset-password" element={<ResetPasswordPage />} />
        <Route path="privacy" element={<LegalPage doc="privacy" />} />
        <Route path="terms" element={<LegalPage doc="terms" />} />
        <Route path="profile/:name" element={<ProfilePage />} />
        <Route path="search/users" element={<UserSearchPage />} />
        <Route element={<RequireAuth />}>
          <Route path="messages" element={<MessagesPage />} />
          <Route path="messages/:id" element={<ConversationPage />} />
          <Route path="settings" element={<SettingsPage />} />
          <Route path="settings/profile" element={<EditProfilePage />} />
          <Route path="settings/blocked" element={<BlockedPage />} />
          <Route path="settings/notifications" element={<NotificationSettingsPage />} />
          <Route path="moderation" element={<ModerationPage />} />
          <Route path="admin/sources" element={<SourcesPage />} />
          <Route path="notifications" element={<NotificationsPage />} />
        </Route>
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
