/** Makes the session's Api available to every component. */
import { createContext, useContext, type ReactNode } from 'react';
import type { Api } from '../../../preload/api';

const ApiContext = createContext<Api | undefined>(undefined);

export function ApiProvider({ api, children }: { api: Api; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

/** The session's Api; components below ApiProvider only. */
export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}
