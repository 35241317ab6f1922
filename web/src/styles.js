// The modal's stylesheet, adopted by the shadow root as a constructed sheet: no <style> element
// and no style attribute, so a host's strict style-src needs no 'unsafe-inline'.
export const css = `
:host { all: initial; }
.backdrop {
  position: fixed; inset: 0; z-index: 2147483000;
  display: grid; place-items: center;
  background: var(--authkit-backdrop, rgb(15 23 42 / 0.55));
  font-family: var(--authkit-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  color: var(--authkit-text, #111827);
  line-height: 1.45;
}
.dialog {
  box-sizing: border-box;
  width: min(440px, 100vw); max-height: min(680px, 100vh);
  display: flex; flex-direction: column;
  background: var(--authkit-surface, #ffffff);
  color: var(--authkit-text, #111827);
  border-radius: var(--authkit-radius, 12px);
  box-shadow: 0 20px 50px rgb(0 0 0 / 0.3);
  overflow: hidden;
}
@media (max-width: 480px) {
  .backdrop { place-items: stretch; }
  .dialog { width: 100vw; height: 100dvh; max-height: none; border-radius: 0; }
}
.header {
  display: flex; align-items: center; gap: 8px; padding: 12px 14px;
  border-block-end: 1px solid var(--authkit-border, #e5e7eb);
}
.heading { flex: 1; min-width: 0; display: flex; flex-direction: column; align-items: center; gap: 2px; }
.heading h2 { margin: 0; font-size: 1.05rem; font-weight: 600; text-align: center; outline: none; }
.brand-logo { width: 24px; height: 24px; object-fit: contain; }
.brand-name { font-size: 0.8rem; color: var(--authkit-muted, #4b5563); }
.icon-button, .icon-spacer { width: 36px; height: 36px; flex: none; }
.icon-button {
  border: 0; border-radius: 8px; background: transparent; color: inherit;
  font-size: 1.5rem; line-height: 1; cursor: pointer;
}
.icon-button:hover { background: var(--authkit-hover, #f3f4f6); }
.body { padding: 16px; overflow: auto; }
.center { display: flex; flex-direction: column; align-items: center; text-align: center; gap: 8px; padding: 16px 0; }
.center p { margin: 0; }
.muted { color: var(--authkit-muted, #4b5563); font-size: 0.875rem; }
.search, .field input:not([type="checkbox"]), .field select, .field textarea {
  box-sizing: border-box; width: 100%; padding: 10px 12px; font: inherit;
  color: var(--authkit-text, #111827); background: var(--authkit-surface, #ffffff);
  border: 1px solid var(--authkit-border-strong, #6b7280); border-radius: calc(var(--authkit-radius, 12px) * 0.66);
}
.search { margin-block-end: 10px; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; margin-block-end: 10px; }
.chip {
  font: inherit; font-size: 0.8rem; padding: 4px 10px; border-radius: 999px; cursor: pointer;
  border: 1px solid var(--authkit-border-strong, #6b7280); background: transparent; color: inherit;
}
.chip[aria-pressed="true"] { background: var(--authkit-primary, #1d4ed8); border-color: var(--authkit-primary, #1d4ed8); color: var(--authkit-on-primary, #ffffff); }
.chip .count { opacity: 0.85; }
.list { list-style: none; margin: 0; padding: 2px; display: grid; gap: 6px; max-height: 52vh; overflow: auto; }
.item {
  display: flex; align-items: center; gap: 12px; padding: 10px 12px; cursor: pointer;
  border: 1px solid var(--authkit-border, #e5e7eb); border-radius: calc(var(--authkit-radius, 12px) * 0.8);
}
.item:hover { background: var(--authkit-hover, #f3f4f6); }
.item.active { border-color: var(--authkit-primary, #1d4ed8); box-shadow: inset 0 0 0 1px var(--authkit-primary, #1d4ed8); }
.item-text { flex: 1; display: flex; flex-direction: column; min-width: 0; }
.item-name { font-weight: 600; }
.item-name mark { background: var(--authkit-highlight, #fde68a); color: inherit; border-radius: 2px; }
.item-meta { color: var(--authkit-muted, #4b5563); font-size: 0.8rem; }
.logo-stack { position: relative; width: 32px; height: 32px; flex: none; }
.logo { position: absolute; inset: 0; width: 32px; height: 32px; border-radius: 8px; object-fit: contain; }
.logo[hidden] { display: none; }
img.logo { background: var(--authkit-surface, #ffffff); }
.logo-text { display: grid; place-items: center; background: var(--authkit-primary, #1d4ed8); color: var(--authkit-on-primary, #ffffff); font-weight: 700; }
.badge { font-size: 0.75rem; padding: 2px 8px; border-radius: 999px; background: var(--authkit-success-surface, #dcfce7); color: var(--authkit-success, #15803d); }
.empty { text-align: center; color: var(--authkit-muted, #4b5563); }
.more { display: flex; flex-direction: column; align-items: center; gap: 6px; margin-block-start: 10px; }
.more p { margin: 0; }
.form { display: grid; gap: 14px; }
.field { display: grid; gap: 4px; }
.field label { font-weight: 600; font-size: 0.9rem; }
.field.checkbox { grid-template-columns: auto 1fr; align-items: start; column-gap: 8px; }
.field.checkbox label { font-weight: 400; }
.field.checkbox input { width: 18px; height: 18px; margin: 2px 0 0; accent-color: var(--authkit-primary, #1d4ed8); }
.field.checkbox .help, .field.checkbox .field-error { grid-column: 2; }
.affixed { display: flex; align-items: center; gap: 6px; }
.affixed input { flex: 1; min-width: 0; }
.affix { color: var(--authkit-muted, #4b5563); font-size: 0.9rem; white-space: nowrap; }
.field [aria-invalid="true"] { border-color: var(--authkit-danger, #b91c1c); }
.optional { font-weight: 400; color: var(--authkit-muted, #4b5563); }
.help { margin: 0; font-size: 0.8rem; color: var(--authkit-muted, #4b5563); }
.field-error { margin: 0; font-size: 0.85rem; color: var(--authkit-danger, #b91c1c); }
.actions { display: flex; flex-wrap: wrap; gap: 8px; justify-content: center; margin-block-start: 8px; }
.button {
  padding: 10px 16px; border-radius: calc(var(--authkit-radius, 12px) * 0.66); font: inherit; font-weight: 600; cursor: pointer;
  border: 1px solid var(--authkit-border-strong, #6b7280); background: transparent; color: inherit;
}
.button.primary { background: var(--authkit-primary, #1d4ed8); border-color: var(--authkit-primary, #1d4ed8); color: var(--authkit-on-primary, #ffffff); }
.button:disabled { opacity: 0.6; cursor: not-allowed; }
:focus-visible { outline: 3px solid var(--authkit-focus, #1d4ed8); outline-offset: 2px; }
.list:focus-visible { outline-offset: 0; }
.mark { width: 48px; height: 48px; border-radius: 50%; display: grid; place-items: center; font-size: 1.5rem; font-weight: 700; }
.success-mark { background: var(--authkit-success-surface, #dcfce7); color: var(--authkit-success, #15803d); }
.error-mark { background: var(--authkit-danger-surface, #fee2e2); color: var(--authkit-danger, #b91c1c); }
.hint { font-weight: 600; }
.error-code { font-family: ui-monospace, monospace; }
.spinner {
  width: 28px; height: 28px; border-radius: 50%;
  border: 3px solid var(--authkit-border, #e5e7eb); border-block-start-color: var(--authkit-primary, #1d4ed8);
  animation: authkit-spin 0.8s linear infinite;
}
@keyframes authkit-spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .spinner { animation: none; border-color: var(--authkit-primary, #1d4ed8); } }
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
