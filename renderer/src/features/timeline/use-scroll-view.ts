/**
 * Where the timeline's scroll view is: its scroll offset and width in pixels, updated at most once
 * a frame while it scrolls and whenever it is resized, so rows can draw only what is near the view.
 */
import { useEffect, useState, type RefObject } from 'react';

/** The scroll view's position. */
export interface ScrollView {
  leftPx: number;
  widthPx: number;
}

export function useScrollView(scroller: RefObject<HTMLElement | null>): ScrollView {
  const [view, setView] = useState<ScrollView>({ leftPx: 0, widthPx: 0 });
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    let frame = 0;
    const read = () => {
      frame = 0;
      setView((old) => (old.leftPx === element.scrollLeft && old.widthPx === element.clientWidth ? old : { leftPx: element.scrollLeft, widthPx: element.clientWidth }));
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(read);
    };
    read();
    element.addEventListener('scroll', schedule, { passive: true });
    const resized = new ResizeObserver(schedule);
    resized.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      element.removeEventListener('scroll', schedule);
      resized.disconnect();
    };
  }, [scroller]);
  return view;
}
