// React binding: useAuthKit(options) and <AuthKitButton>. Nothing here touches the DOM during
// import or render, so it renders on a server; the widget is made in an effect, in the browser.
import { createElement, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { AuthKit } from './index.js';
import { CALLBACK_NAMES, OPTION_NAMES } from './options.js';

// Latest props must be in place before any event handler runs; a layout effect does that, and
// on a server (where it would only warn in older React) a plain effect stands in.
const useCommittedEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;

// What identifies a widget: every setting but the callbacks, a token function and the container,
// which are read when used. A change in it means a new widget; a new callback does not.
function settingsKey(options) {
  return JSON.stringify(options, (key, value) => {
    if (key === 'container' || CALLBACK_NAMES.includes(key)) return undefined;
    return typeof value === 'function' ? '[function]' : value;
  });
}

function createKit(latest, report) {
  const options = latest.current;
  return AuthKit.create({
    ...options,
    token: typeof options.token === 'function' ? () => latest.current.token() : options.token,
    onSuccess: (connection) => latest.current.onSuccess?.(connection),
    onError: (error) => {
      report(error);
      latest.current.onError?.(error);
    },
    onClose: (detail) => latest.current.onClose?.(detail),
    onEvent: (name, data) => latest.current.onEvent?.(name, data),
  });
}

/**
 * One AuthKit modal for the component's lifetime. Returns `{ open, close, ready, error }`; `open`
 * and `close` keep their identity across renders. Callbacks are always the latest ones passed.
 */
export function useAuthKit(options) {
  const latest = useRef(options);
  useCommittedEffect(() => {
    latest.current = options;
  });

  const [ready, setReady] = useState(false);
  const [error, setError] = useState(null);
  const slot = useRef(null); // { kit, key, releasing }
  const pending = useRef(null); // 'open' or 'close' asked for before the widget existed
  const key = settingsKey(options);

  useEffect(() => {
    let entry = slot.current;
    if (entry && entry.key === key) {
      // StrictMode's rehearsal unmounts and remounts at once: keep the widget instead of making a second.
      entry.releasing = false;
    } else {
      entry?.kit.destroy();
      entry = { key, kit: createKit(latest, setError), releasing: false };
      slot.current = entry;
      setReady(false);
      const current = entry;
      current.kit.ready.then(
        () => {
          if (slot.current === current) setReady(true);
        },
        () => {}, // reported through onError, which sets `error`
      );
      if (pending.current === 'open') current.kit.open();
      pending.current = null;
    }
    return () => {
      entry.releasing = true;
      queueMicrotask(() => {
        if (!entry.releasing) return;
        entry.kit.destroy();
        if (slot.current === entry) slot.current = null;
      });
    };
  }, [key]);

  const open = useCallback(() => {
    setError(null);
    const kit = slot.current?.kit;
    if (kit) kit.open();
    else pending.current = 'open';
  }, []);

  const close = useCallback(() => {
    const kit = slot.current?.kit;
    if (kit) kit.close();
    else pending.current = null;
  }, []);

  return { open, close, ready, error };
}

/**
 * A button that opens the modal. Props named like AuthKit.create options configure the modal;
 * the others (className, id, aria-*, disabled, …) go to the <button>.
 */
export function AuthKitButton(props) {
  const options = {};
  const buttonProps = {};
  for (const [name, value] of Object.entries(props)) {
    if (name === 'children') continue;
    if (OPTION_NAMES.includes(name)) options[name] = value;
    else buttonProps[name] = value;
  }
  const { open } = useAuthKit(options);
  const onClick = buttonProps.onClick;
  const handleClick = useCallback(
    (event) => {
      onClick?.(event);
      if (!event.defaultPrevented) open();
    },
    [onClick, open],
  );
  return createElement('button', { type: 'button', ...buttonProps, onClick: handleClick }, props.children ?? 'Connect an account');
}
