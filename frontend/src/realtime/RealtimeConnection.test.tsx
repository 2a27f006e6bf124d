import { act } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useSession } from '../api/session';
import { keepBrowserPushInSync } from '../features/settings/browserPush';
import { me } from '../test/fixtures';
import { renderWithProviders } from '../test/render';
import { RealtimeConnection } from './RealtimeConnection';

const stopSync = vi.fn();
vi.mock('../features/settings/browserPush', () => ({ keepBrowserPushInSync: vi.fn(() => stopSync) }));
vi.mock('./socket', () => ({
  RealtimeSocket: class {
    start() {
      return undefined;
    }
    stop() {
      return undefined;
    }
    send() {
      return false;
    }
  },
}));

describe('RealtimeConnection', () => {
  it('keeps the browser push subscription registered while a session lasts', () => {
    useSession.setState({ status: 'signedOut' });
    renderWithProviders(<RealtimeConnection />);
    expect(keepBrowserPushInSync).not.toHaveBeenCalled();
    act(() => {
      useSession.getState().signIn('tok', me());
    });
    expect(keepBrowserPushInSync).toHaveBeenCalledTimes(1);
    act(() => {
      useSession.getState().setUser(me({ display_name: 'Marie D.' }));
    });
    expect(keepBrowserPushInSync).toHaveBeenCalledTimes(1);
    act(() => {
      useSession.getState().signOut();
    });
    expect(stopSync).toHaveBeenCalledTimes(1);
  });
});
