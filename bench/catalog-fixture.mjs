// A generated catalog of realistic-looking integration names, the same every run (seeded).
const SYLLABLES = ['hub', 'spot', 'sales', 'force', 'git', 'lab', 'zen', 'desk', 'mail', 'chimp', 'drop', 'box',
  'note', 'ion', 'lin', 'ear', 'as', 'ana', 'air', 'table', 'shop', 'ify', 'stripe', 'pay', 'cloud', 'flare',
  'data', 'dog', 'sent', 'ry', 'jira', 'con', 'flu', 'ence', 'quick', 'books', 'xe', 'ro', 'zoom', 'slack'];
const CATEGORIES = ['CRM', 'Developer tools', 'Email', 'Payments', 'Support', 'Storage', 'Marketing', 'Analytics',
  'Communication', 'Accounting', 'HR', 'Security'];

function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function generatedIntegrations(count, seed = 42) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const integrations = [];
  for (let i = 0; i < count; i += 1) {
    const words = 1 + Math.floor(next() * 2);
    const name = Array.from({ length: words }, () => {
      const word = pick(SYLLABLES) + pick(SYLLABLES);
      return word[0].toUpperCase() + word.slice(1);
    }).join(' ');
    const apiKey = next() < 0.4;
    integrations.push({
      id: `app-${i}`,
      name: `${name} ${i}`,
      category: pick(CATEGORIES),
      logo: null,
      authType: apiKey ? 'api_key' : 'oauth2',
      fields: apiKey ? [{ name: 'apiKey', label: 'API key', type: 'secret', required: true, minLength: 8 }] : [],
    });
  }
  return integrations;
}

// What people type, one keystroke at a time: prefixes of real-looking queries.
export const QUERIES = ['salesforce', 'hub spot', 'gitlab', 'zendesk', 'mailchimp 12', 'drop', 'quickbooks',
  'slackzoom', 'cloudflare', 'xyzzy', 'stripe pay', 'jiracon', 'notion', 'a', 'datadog 99'];
