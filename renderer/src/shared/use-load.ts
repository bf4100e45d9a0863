/** Loads one Api result for a component, with a reload for after edits. */
import { useCallback, useEffect, useState } from 'react';
import type { ApiError, Result } from '../../../preload/api';

/** What a component renders from: loading, the value, or the error. */
export type Load<T> = { state: 'loading' } | { state: 'ok'; value: T } | { state: 'error'; error: ApiError };

export function useLoad<T>(load: () => Promise<Result<T>>, deps: readonly unknown[]): [Load<T>, () => void] {
  const [result, setResult] = useState<Load<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  // `deps` names what `load` depends on, as for useEffect.
  const stableLoad = useCallback(load, deps);
  useEffect(() => {
    let current = true;
    void stableLoad().then((answer) => {
      if (!current) return;
      setResult(answer.ok ? { state: 'ok', value: answer.value } : { state: 'error', error: answer.error });
    });
    return () => {
      current = false;
    };
  }, [stableLoad, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return [result, reload];
}
