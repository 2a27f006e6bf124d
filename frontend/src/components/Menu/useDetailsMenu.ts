import { useCallback, useEffect, useRef } from 'react';

/**
 * A `<details>` used as a menu: the summary opens it with the keyboard (Enter or Space) natively;
 * this adds what a menu also needs: Escape closes it and gives the focus back to its summary, and a
 * click or a focus outside closes it.
 */
export function useDetailsMenu() {
  const ref = useRef<HTMLDetailsElement>(null);

  const close = useCallback((returnFocus = false) => {
    const details = ref.current;
    if (!details?.hasAttribute('open')) return;
    details.removeAttribute('open');
    if (returnFocus) details.querySelector('summary')?.focus();
  }, []);

  useEffect(() => {
    const outside = (target: EventTarget | null) => target instanceof Node && !ref.current?.contains(target);
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && ref.current?.hasAttribute('open')) {
        event.preventDefault();
        close(true);
      }
    };
    const onMouseDown = (event: MouseEvent) => {
      if (outside(event.target)) close();
    };
    const onFocusIn = (event: FocusEvent) => {
      if (outside(event.target)) close();
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('mousedown', onMouseDown);
    document.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('mousedown', onMouseDown);
      document.removeEventListener('focusin', onFocusIn);
    };
  }, [close]);

  return { ref, close };
}
