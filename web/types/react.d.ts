// @authkit/web/react: a hook and a button for React 18 and 19. Safe to import and render on a
// server: the modal is created in an effect, in the browser.
import type { ButtonHTMLAttributes, ReactElement, ReactNode } from 'react';
import type { AuthKitError, AuthKitOptions } from './index.js';

export type * from './index.js';

/** What {@link useAuthKit} returns. */
export interface UseAuthKitResult {
  /** Opens the modal (queued until it is ready). Keeps its identity across renders. */
  open: () => void;
  /** Closes the modal. Keeps its identity across renders. */
  close: () => void;
  /** True once `open()` shows the modal without waiting. Always false on the server. */
  ready: boolean;
  /** The last error reported through `onError` (cleared by `open()`), or null. */
  error: AuthKitError | null;
}

/**
 * One modal for the component's lifetime. Callbacks and a token function are always the latest
 * ones passed, without re-creating the modal; a change to any other option re-creates it.
 * StrictMode's rehearsal of effects does not create a second modal.
 */
export declare function useAuthKit(options: AuthKitOptions): UseAuthKitResult;

/** Props of {@link AuthKitButton}: the modal's options, plus any `<button>` attribute. */
export type AuthKitButtonProps = AuthKitOptions &
  Omit<ButtonHTMLAttributes<HTMLButtonElement>, keyof AuthKitOptions | 'type'> & {
    /** The button's content. Default: "Connect an account". */
    children?: ReactNode;
  };

/**
 * A `<button type="button">` that opens the modal. Option props configure the modal; the others
 * go to the button. An `onClick` that calls `event.preventDefault()` keeps the modal closed.
 */
export declare function AuthKitButton(props: AuthKitButtonProps): ReactElement;
