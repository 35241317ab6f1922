// The modal's stylesheet, adopted by the shadow root as a constructed sheet: no <style> element
// and no style attribute, so a host's strict style-src needs no 'unsafe-inline'.
export const css = `
:host { all: initial; }
.backdrop {
  position: fixed; inset: 0; z-index: 2147483000;
  display: grid; place-items: center;
  background: rgb(15 23 42 / 0.55);
  font-family: var(--authkit-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  color: var(--authkit-text, #111827);
}
.dialog {
  box-sizing: border-box;
  width: min(420px, 100vw); max-height: min(640px, 100vh);
  display: flex; flex-direction: column;
  background: var(--authkit-surface, #ffffff);
  border-radius: var(--authkit-radius, 12px);
  box-shadow: 0 20px 50px rgb(0 0 0 / 0.3);
  overflow: hidden;
}
@media (max-width: 480px) {
  .dialog { width: 100vw; height: 100vh; max-height: none; border-radius: 0; }
}
.header { display: flex; align-items: center; gap: 8px; padding: 14px 16px; border-bottom: 1px solid var(--authkit-border, #e5e7eb); }
.header h2 { flex: 1; margin: 0; font-size: 1.05rem; font-weight: 600; text-align: center; outline: none; }
.icon-button, .icon-spacer { width: 32px; height: 32px; flex: none; }
.icon-button {
  border: 0; border-radius: 8px; background: transparent; color: inherit;
  font-size: 1.4rem; line-height: 1; cursor: pointer;
}
.icon-button:hover { background: var(--authkit-hover, #f3f4f6); }
.body { padding: 16px; overflow: auto; }
.center { display: flex; flex-direction: column; align-items: center; text-align: center; gap: 8px; padding: 16px 0; }
.muted { color: var(--authkit-muted, #4b5563); font-size: 0.875rem; }
.search {
  box-sizing: border-box; width: 100%; padding: 10px 12px; margin-bottom: 12px;
  border: 1px solid var(--authkit-border-strong, #6b7280); border-radius: 8px; font: inherit;
}
.list { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
.item {
  width: 100%; display: flex; align-items: center; gap: 12px; padding: 10px 12px;
  border: 1px solid var(--authkit-border, #e5e7eb); border-radius: 10px;
  background: transparent; color: inherit; font: inherit; text-align: start; cursor: pointer;
}
.item:hover { background: var(--authkit-hover, #f3f4f6); }
.item-text { flex: 1; display: flex; flex-direction: column; }
.item-name { font-weight: 600; }
.item-name mark { background: var(--authkit-highlight, #fde68a); color: inherit; border-radius: 2px; }
.item-meta { color: var(--authkit-muted, #4b5563); font-size: 0.8rem; }
.logo { width: 32px; height: 32px; border-radius: 8px; flex: none; object-fit: contain; }
.logo-text { display: grid; place-items: center; background: var(--authkit-primary, #1d4ed8); color: var(--authkit-on-primary, #ffffff); font-weight: 700; }
.badge { font-size: 0.75rem; padding: 2px 8px; border-radius: 999px; background: #dcfce7; color: #14532d; }
.empty { text-align: center; color: var(--authkit-muted, #4b5563); }
.form { display: grid; gap: 14px; }
.field { display: grid; gap: 4px; }
.field label { font-weight: 600; font-size: 0.9rem; }
.field input {
  box-sizing: border-box; width: 100%; padding: 10px 12px; font: inherit;
  border: 1px solid var(--authkit-border-strong, #6b7280); border-radius: 8px;
}
.field input[aria-invalid="true"] { border-color: var(--authkit-danger, #b91c1c); }
.optional { font-weight: 400; color: var(--authkit-muted, #4b5563); }
.help { margin: 0; font-size: 0.8rem; color: var(--authkit-muted, #4b5563); }
.field-error { margin: 0; font-size: 0.85rem; color: var(--authkit-danger, #b91c1c); }
.actions { display: flex; flex-wrap: wrap; gap: 8px; justify-content: center; margin-top: 8px; }
.button {
  padding: 10px 16px; border-radius: 8px; font: inherit; font-weight: 600; cursor: pointer;
  border: 1px solid var(--authkit-border-strong, #6b7280); background: transparent; color: inherit;
}
.button.primary { background: var(--authkit-primary, #1d4ed8); border-color: var(--authkit-primary, #1d4ed8); color: var(--authkit-on-primary, #ffffff); }
.button:disabled { opacity: 0.7; cursor: progress; }
:focus-visible { outline: 3px solid var(--authkit-focus, #2563eb); outline-offset: 2px; }
.mark { width: 48px; height: 48px; border-radius: 50%; display: grid; place-items: center; font-size: 1.5rem; font-weight: 700; }
.success-mark { background: #dcfce7; color: #14532d; }
.error-mark { background: #fee2e2; color: #7f1d1d; }
.error-code { font-family: ui-monospace, monospace; }
.spinner {
  width: 28px; height: 28px; border-radius: 50%;
  border: 3px solid var(--authkit-border, #e5e7eb); border-top-color: var(--authkit-primary, #1d4ed8);
  animation: authkit-spin 0.8s linear infinite;
}
@keyframes authkit-spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .spinner { animation-duration: 3s; } }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
}
`;

let sheet = null;

/** One constructed stylesheet shared by every widget on the page. */
export function styleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  return sheet;
}
