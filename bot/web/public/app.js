// Web chat page: renders replies as bubbles, choices as buttons, and polls for pushes.
const log = document.getElementById('log');
const $ = (id) => document.getElementById(id);

function bubble(who, node) {
  const div = document.createElement('div');
  div.className = `msg ${who}`;
  div.append(node);
  log.append(div);
  log.scrollTop = log.scrollHeight;
  return div;
}

function render(messages) {
  for (const m of messages) {
    if (m.kind === 'photo') {
      const img = document.createElement('img');
      img.src = m.url;
      img.alt = m.caption || '照片';
      const div = bubble('bot', img);
      if (m.caption) div.append(document.createTextNode(m.caption));
      continue;
    }
    const div = bubble('bot', document.createTextNode(m.text));
    if (m.choices?.length) {
      const box = document.createElement('div');
      box.className = 'choices';
      for (const row of m.choices) {
        const r = document.createElement('div');
        r.className = 'row';
        for (const c of row) {
          const b = document.createElement('button');
          b.type = 'button';
          b.textContent = c.label;
          b.dataset.value = c.value;
          b.addEventListener('click', () => send({ kind: 'choice', value: c.value }, c.label));
          r.append(b);
        }
        box.append(r);
      }
      div.append(box);
    }
  }
}

async function post(url, body, isForm = false) {
  const res = await fetch(url, {
    method: 'POST',
    headers: isForm ? {} : { 'content-type': 'application/json' },
    body: isForm ? body : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const data = await res.json().catch(() => ({ error: '网络异常，请重试。' }));
  return { ok: res.ok, data };
}

async function send(body, echo) {
  if (echo) bubble('me', document.createTextNode(echo));
  const { data } = await post('/api/chat', body);
  if (data.error) render([{ kind: 'text', text: data.error }]);
  else render(data.messages);
}

$('composer').addEventListener('submit', (e) => {
  e.preventDefault();
  const text = $('text').value.trim();
  if (!text) return;
  $('text').value = '';
  send({ kind: 'text', text }, text);
});

$('photos').addEventListener('change', async () => {
  const files = [...$('photos').files];
  if (!files.length) return;
  const form = new FormData();
  for (const f of files) form.append('photos', f);
  bubble('me', document.createTextNode(`📷 ${files.length} 张照片`));
  $('photos').value = '';
  const { data } = await post('/api/chat/photos', form, true);
  if (data.error) render([{ kind: 'text', text: data.error }]);
  else render(data.messages);
});

$('locate').addEventListener('click', () => {
  if (!navigator.geolocation) return render([{ kind: 'text', text: '此浏览器不支持定位。' }]);
  navigator.geolocation.getCurrentPosition(
    (p) => send({ kind: 'location', lat: p.coords.latitude, lng: p.coords.longitude }, '📍 位置'),
    () => render([{ kind: 'text', text: '无法获取位置，请检查定位权限。' }]),
  );
});

async function refreshMe() {
  const me = await (await fetch('/api/me', { credentials: 'same-origin' })).json();
  $('who').textContent = me.loggedIn ? `${me.name}` : '职工 / 访客';
  $('loginToggle').hidden = me.loggedIn;
  $('logout').hidden = !me.loggedIn;
  $('password').hidden = !me.mustChangePassword;
  return me;
}

$('loginToggle').addEventListener('click', () => { $('login').hidden = !$('login').hidden; });
$('login').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = new FormData($('login'));
  const { ok, data } = await post('/api/login', { username: f.get('username'), password: f.get('password') });
  $('loginError').textContent = ok ? '' : data.error;
  if (ok) {
    $('login').hidden = true;
    $('login').reset();
    await refreshMe();
    send({ kind: 'text', text: '/start' });
  }
});
$('logout').addEventListener('click', async () => {
  await post('/api/logout', {});
  await refreshMe();
  send({ kind: 'text', text: '/start' });
});
$('password').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = new FormData($('password'));
  const { ok, data } = await post('/api/password', { current: f.get('current'), next: f.get('next') });
  $('passwordError').textContent = ok ? '' : data.error;
  if (ok) { $('password').reset(); await refreshMe(); render([{ kind: 'text', text: '密码已修改。' }]); }
});

// Each poll acknowledges the last one's messages; a poll whose answer was lost is answered again, never twice shown.
let inboxCursor = 0;
setInterval(async () => {
  const res = await fetch(`/api/inbox?ack=${inboxCursor}`, { credentials: 'same-origin' });
  if (!res.ok) return;
  const data = await res.json();
  inboxCursor = data.cursor;
  render(data.messages);
}, 5000);

await refreshMe();
send({ kind: 'text', text: '/start' });
