/** Makes the open project's session available to every panel of the project screen. */
import { createContext, useContext, type ReactNode } from 'react';
import type { ProjectSession } from './project-session';

const SessionContext = createContext<ProjectSession | undefined>(undefined);

export function SessionProvider({ session, children }: { session: ProjectSession; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

/** The open project's session; components below SessionProvider only. */
export function useSession(): ProjectSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
