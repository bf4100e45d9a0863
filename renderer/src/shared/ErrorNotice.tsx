/** One line saying what failed, with the error code for bug reports. */
import type { ApiError } from '../../../preload/api';

export function ErrorNotice({ error }: { error: ApiError }) {
  return (
    <p className="error-notice" role="alert">
      {error.message} <span className="error-code">({error.code})</span>
    </p>
  );
}
