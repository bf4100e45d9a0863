/**
 * An image from the open project's media folder. `version` changes the URL when a file is
 * rewritten in place (the live preview), since the same URL would show the browser's old copy.
 * Small frames are scaled up without smoothing (pixelated) so their pixels stay honest.
 */
import { useSession } from './session-context';

interface Props {
  path: string;
  alt: string;
  version?: number;
  className?: string;
}

export function ProjectImage({ path, alt, version, className }: Props) {
  const session = useSession();
  const url = session.api.mediaUrl(session.projectId, path);
  const src = version === undefined ? url : `${url}${url.includes('?') ? '&' : '?'}v=${version}`;
  return <img className={`pixelated ${className ?? ''}`} src={src} alt={alt} draggable={false} />;
}
