// The branding playground: each theme option as a control, and a preview of the modal drawn inside
// the page (AuthKit.create's `container`), made anew with every change.
import { AuthKit } from '/authkit/authkit.mjs';
import { loadDemo, log } from './demo-page.js';

const $ = (selector) => document.querySelector(selector);
const form = $('#branding');
const preview = $('#preview');

// Typing is re-applied once it pauses, not on every key.
const APPLY_AFTER_MS = 300;
const THEME_TEXT_OPTIONS = ['primaryColor', 'logoUrl', 'companyName', 'title'];

const demo = await loadDemo();
let kit = null;
let pending = 0;

/** The options the controls describe; empty controls are left out, so the modal's defaults apply. */
function optionsFromControls() {
  const values = Object.fromEntries(new FormData(form));
  const theme = { mode: values.mode };
  for (const name of THEME_TEXT_OPTIONS) if (values[name].trim()) theme[name] = values[name].trim();
  if (values.radius !== '') theme.radius = Number(values.radius);
  return {
    theme,
    ...(values.locale ? { locale: values.locale } : {}),
    ...(values.selectedIntegration ? { selectedIntegration: values.selectedIntegration } : {}),
  };
}

function showProblems(problems) {
  const list = $('#config-problems');
  const items = problems.length ? problems : [{ option: 'None', message: 'every option was used as given.' }];
  list.replaceChildren(...items.map(({ option, message }) => {
    const item = document.createElement('li');
    item.dataset.option = option;
    const name = document.createElement('code');
    name.textContent = option;
    item.append(name, `: ${message}`);
    return item;
  }));
}

// The colour in use is on the modal's element as a custom property; the machine says itself, in a
// theme_adjusted event, when it had to change the one asked for.
function showColourInUse(adjustments) {
  const inUse = preview.querySelector('[data-authkit]')?.style.getPropertyValue('--authkit-primary').trim();
  if (!inUse) return;
  $('#primary-in-use').textContent = inUse;
  const note = $('#contrast-note');
  note.textContent = adjustments.length ? `(${adjustments.join('; ')})` : '';
  if (adjustments.length) note.dataset.adjusted = 'true';
  else delete note.dataset.adjusted;
}

function rebuildPreview() {
  clearTimeout(pending);
  // Opening moves the focus into the modal; someone typing in a control keeps it instead.
  const editing = form.contains(document.activeElement) ? document.activeElement : null;
  const options = optionsFromControls();
  let problems = [];
  let adjustments = [];
  kit?.destroy();
  kit = null;
  try {
    kit = AuthKit.create({
      token: { url: '/api/authkit' },
      serviceUrl: demo.serviceUrl,
      container: preview,
      ...options,
      onSuccess: (connection) => log('onSuccess', { key: connection.key, integration: connection.integration }),
      onError: (error) => log('onError', error),
      onClose: (detail) => log('onClose', detail),
      onEvent: (name, data) => {
        // Each problem is reported once, when the theme is first built or rebuilt with the service's branding.
        if (name === 'config_error') problems = [...problems, ...data.problems];
        if (name === 'theme_adjusted') adjustments = [...adjustments, ...data.adjustments];
        if (name === 'view') {
          // After the shell has drawn this view and focused what it asked for.
          queueMicrotask(() => {
            showProblems(problems);
            showColourInUse(adjustments);
            if (editing?.isConnected && data.view !== 'loading') editing.focus();
          });
        }
      },
    });
  } catch (error) {
    // A value of the wrong type is refused by AuthKit.create itself, with a message naming it.
    showProblems([{ option: 'AuthKit.create', message: error.message }]);
    return;
  }
  kit.open();
}

form.addEventListener('input', (event) => {
  if (event.target.name === 'primaryColorPicker') form.elements.primaryColor.value = event.target.value;
  if (event.target.name === 'primaryColor' && /^#[0-9a-f]{6}$/i.test(event.target.value)) {
    form.elements.primaryColorPicker.value = event.target.value.toLowerCase();
  }
  clearTimeout(pending);
  pending = setTimeout(rebuildPreview, APPLY_AFTER_MS);
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  rebuildPreview();
});
$('#reopen').addEventListener('click', rebuildPreview);

rebuildPreview();
