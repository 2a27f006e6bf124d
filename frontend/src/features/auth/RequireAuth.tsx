import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from '../../api/session';

/** Pages for signed-in residents: others go to the sign-in page and come back after. */
export function RequireAuth() {
  const { t } = useTranslation();
  const status = useSession((s) => s.status);
  const location = useLocation();
  if (status === 'unknown') {
    return <p role="status">{t('auth.restoring')}</p>;
  }
  if (status === 'signedOut') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}
