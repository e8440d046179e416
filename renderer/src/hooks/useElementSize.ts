/**
 * The size in CSS pixels of an element: measured as soon as the element is attached (a callback
 * ref, so the first size is known before the browser's next frame, which a busy page may delay),
 * then kept current with a ResizeObserver. `measured` is false until then.
 */
import { useCallback, useRef, useState } from 'react';

export interface ElementSize {
  width: number;
  height: number;
  measured: boolean;
}

export function useElementSize<T extends HTMLElement>(initial = { width: 1000, height: 600 }): [(el: T | null) => void, ElementSize] {
  const [size, setSize] = useState<ElementSize>({ ...initial, measured: false });
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((el: T | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el) return;
    const measure = (): void =>
      setSize((s) => {
        const width = Math.floor(el.clientWidth);
        const height = Math.floor(el.clientHeight);
        return s.measured && s.width === width && s.height === height ? s : { width, height, measured: true };
      });
    measure();
    observer.current = new ResizeObserver(measure);
    observer.current.observe(el);
  }, []);
  return [ref, size];
}
