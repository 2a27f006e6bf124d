import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useSession } from '../../api/session';

/**
 * When the session could not be renewed mid-visit, forget what was loaded for the resident and send
 * them to the sign-in page, which says why and brings them back here afterwards. Once per expiry:
 * `expired` stays set until the next sign-in (RequireAuth reads it too), so a ref remembers that this
 * one was handled.
 */
export function SessionExpiry() {
  const expired = useSession((s) => s.expired);
  const navigate = useNavigate();
  const location = useLocation();
  const client = useQueryClient();
  const handled = useRef(false);

  useEffect(() => {
    if (!expired) {
      handled.current = false;
      return;
    }
    if (handled.current) return;
    handled.current = true;
    client.clear();
    if (location.pathname === '/login') return;
    const next = encodeURIComponent(`${location.pathname}${location.search}`);
    void navigate(`/login?expired=1&next=${next}`, { replace: true });
  }, [expired, navigate, location.pathname, location.search, client]);

  return null;
}
