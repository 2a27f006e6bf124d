import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { installAuthInterceptors, restoreSession } from './api/auth';
import { api } from './api/client';
import { installErrorReporter } from './errors/reporter';
import { initI18n } from './i18n';
import { useLanguage } from './stores/language';
import './styles/global.css';

initI18n(useLanguage.getState().lang);
installErrorReporter();
// A refused refresh ends the session as expired; <SessionExpiry> then sends the resident to the sign-in page.
installAuthInterceptors(api);
void restoreSession();

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </StrictMode>,
  );
}
