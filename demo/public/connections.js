// The user's connections as the demo's backend lists them, each with a button that has the backend
// call the provider's API through AuthKit's passthrough proxy. Everything from the server is shown
// as text.
const $ = (selector) => document.querySelector(selector);

function cell(text) {
  const element = document.createElement('td');
  element.textContent = text;
  return element;
}

function showAnswer(summary, body) {
  $('#api-answer-summary').textContent = summary;
  $('#api-answer-body').textContent = body;
  $('#api-answer').hidden = false;
}

async function callApi(connection, button) {
  button.disabled = true;
  const answerBox = $('#api-answer');
  answerBox.dataset.integration = connection.integration;
  answerBox.setAttribute('aria-busy', 'true');
  try {
    const response = await fetch(`/api/connections/${encodeURIComponent(connection.key)}/call`, { method: 'POST' });
    const result = await response.json();
    const call = `${connection.integration}: ${result.method ?? 'GET'} ${result.path ?? ''}`;
    if (!response.ok || result.error) {
      const code = result.error?.code ?? `http_${response.status}`;
      answerBox.dataset.code = code;
      delete answerBox.dataset.status;
      showAnswer(`${call} was refused: ${code}`, result.error?.message ?? '');
    } else {
      answerBox.dataset.status = String(result.status);
      delete answerBox.dataset.code;
      const body = typeof result.answer === 'string' ? result.answer : JSON.stringify(result.answer, null, 2);
      showAnswer(`${call} → the provider answered ${result.status}`, body);
    }
  } catch (error) {
    answerBox.dataset.code = 'network_error';
    showAnswer(`${connection.integration}: the demo's backend could not be reached`, String(error.message));
  } finally {
    answerBox.removeAttribute('aria-busy');
    button.disabled = false;
  }
}

function row(connection) {
  const element = document.createElement('tr');
  element.dataset.integration = connection.integration;
  element.append(
    cell(connection.integration),
    cell(connection.status),
    cell(connection.key),
    cell(new Date(connection.createdAt).toLocaleString()),
  );
  const action = document.createElement('td');
  if (connection.apiCall) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'call-api';
    // Several rows have the same button: a hidden part of its name says which connection it calls.
    const which = document.createElement('span');
    which.className = 'visually-hidden';
    which.textContent = ` (${connection.integration})`;
    button.append('Call the API', which);
    button.addEventListener('click', () => callApi(connection, button));
    action.append(button);
  }
  element.append(action);
  return element;
}

export async function showConnections() {
  const response = await fetch('/api/connections');
  const { connections = [] } = response.ok ? await response.json() : {};
  $('#connections tbody').replaceChildren(...connections.map(row));
  $('#connections').hidden = connections.length === 0;
  $('#connections-empty').hidden = connections.length > 0;
}
