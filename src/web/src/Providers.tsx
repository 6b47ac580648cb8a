import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { isProblem } from './api/problem.js';
import { ANTD_LOCALES } from './i18n/antdLocale.js';
import { currentLocale } from './i18n/i18n.js';
import { ME_QUERY_KEY } from './session/session.js';

function createQueryClient(): QueryClient {
  const queryClient: QueryClient = new QueryClient({
    // A session that expired while the page was open: every screen learns at once that we are signed out.
    queryCache: new QueryCache({
      onError: (error) => {
        if (isProblem(error, 'AUTH_REQUIRED')) queryClient.setQueryData(ME_QUERY_KEY, null);
      },
    }),
    defaultOptions: {
      queries: {
        // A 4xx will not fix itself by asking again; a network blip might.
        retry: (failureCount, error) =>
          failureCount < 2 && !(isProblem(error) && error.status >= 400 && error.status < 500),
        refetchOnWindowFocus: false,
      },
    },
  });
  return queryClient;
}

/** Ant Design's own texts (table empty state, modal buttons, pagination) follow the UI language. */
function LocalizedAntd({ children }: { children: ReactNode }) {
  // Subscribes to language changes; currentLocale() then names the one now in use.
  useTranslation();
  return (
    <ConfigProvider locale={ANTD_LOCALES[currentLocale()]} theme={{ token: { colorPrimary: '#1f6feb' } }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <LocalizedAntd>{children}</LocalizedAntd>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
