/** Entry of the renderer: connects the Api (Electron bridge or local server) and mounts the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ApiProvider } from './api/context';
import { connectApi } from './api/session';
import './styles.css';

const root = createRoot(document.getElementById('root') as HTMLElement);
const api = connectApi();
root.render(
  <StrictMode>
    {api ? (
      <ApiProvider api={api}>
        <App />
      </ApiProvider>
    ) : (
      <p className="no-session">
        This page needs the session address printed by <code>longshot serve</code> (it ends in #token=...).
      </p>
    )}
  </StrictMode>,
);
