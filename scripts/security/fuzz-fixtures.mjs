// Creates a few linked records through the API (two friends, a group, a message, a notification
// and a file) and prints a schemathesis configuration that offers their ids to the path
// parameters and id fields half of the time, so that fuzzing reaches the code behind the 404s.
// Usage: node fuzz-fixtures.mjs <base-url> <api-key> > schemathesis.toml
const [baseUrl, apiKey] = process.argv.slice(2);
const authorization = { authorization: `Bearer ${apiKey}` };

async function call(method, path, body) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

const newUser = (name) => call('POST', '/users', { email: `fuzz-${crypto.randomUUID()}@example.com`, name });
const [ada, bob] = await Promise.all([newUser('Fuzz Ada'), newUser('Fuzz Bob')]);
await call('PUT', `/users/${ada.id}/friends/${bob.id}`);
const group = await call('POST', '/groups', { name: 'Fuzz group', ownerId: ada.id });
await call('PUT', `/groups/${group.id}/members/${bob.id}`);
await call('POST', '/messages', { conversationId: group.id, senderId: ada.id, body: 'fuzz' });
const notification = await call('POST', '/notifications', { userId: bob.id, type: 'fuzz', message: 'fuzz' });
const form = new FormData();
form.append('file', new Blob(['fuzz'], { type: 'text/plain' }), 'fuzz.txt');
const uploaded = await fetch(`${baseUrl}/storage/upload?ownerId=${ada.id}`, {
  method: 'POST',
  headers: authorization,
  body: form,
});
if (!uploaded.ok) throw new Error(`upload answered ${uploaded.status}: ${await uploaded.text()}`);
const file = await uploaded.json();

const dictionaries = {
  ids: [ada.id, bob.id, group.id],
  files: [file.key],
  notifications: [notification.id],
};
const bindings = {
  ids: [
    ...['id', 'userId', 'friendId', 'otherId', 'conversationId'].map((name) => `path.${name}`),
    ...['senderId', 'ownerId', 'userId', 'conversationId'].map((name) => `body.${name}`),
    'query.ownerId',
  ],
  files: ['path.key'],
  notifications: ['path.notificationId'],
};
const quoted = (values) => `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;
console.log(
  Object.entries(dictionaries)
    .map(([name, values]) => `[dictionaries.${name}]\nvalues = ${quoted(values)}\n`)
    .join('\n'),
);
console.log('[parameters]');
for (const [dictionary, names] of Object.entries(bindings))
  for (const name of names) console.log(`"${name}" = { dictionary = "${dictionary}", probability = 0.5 }`);
