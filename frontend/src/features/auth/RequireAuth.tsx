import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from '../../api/session';

/** Pages for signed-in residents: others go to the sign-in page and come back after. */
export function RequireAuth() {
  const { t } = useTranslation();
  const status = useSession((s) => s.status);
  const expired = useSession((s) => s.expired);
  const location = useLocation();
  if (status === 'unknown') {
    return <p role="status">{t('auth.restoring')}</p>;
  }
  if (status === 'signedOut') {
    // Rendered in the same pass as <SessionExpiry>: say why here too, or this redirect would win without it.
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?${expired ? 'expired=1&' : ''}next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}
