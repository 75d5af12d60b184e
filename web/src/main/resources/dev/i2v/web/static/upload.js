// The upload page: the file goes to POST /api/images as it is; everything shown comes from the answer.
// Text from the server is set with textContent only: tag names and ids come from topics anyone may write.
'use strict';

const CATEGORY_ORDER = ['general', 'character', 'copyright', 'artist', 'meta', 'rating'];
let answer = null;

const $ = id => document.getElementById(id);

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = false;
  $('status').textContent = 'Not tagged.';
}

async function upload(file) {
  $('error').hidden = true;
  $('result').hidden = true;
  $('preview').src = URL.createObjectURL(file);
  $('preview').hidden = false;
  $('status').textContent = 'Tagging ' + file.name + ' (' + file.size.toLocaleString() + ' bytes)...';
  const started = performance.now();
  let response;
  try {
    response = await fetch('/api/images?scores=true', {method: 'POST', body: file,
      headers: {'Content-Type': file.type || 'application/octet-stream'}});
  } catch (e) {
    showError('The server did not answer: ' + e.message);
    return;
  }
  const body = await response.json().catch(() => ({error: 'HTTP ' + response.status + ' without a readable answer'}));
  if (!response.ok) {
    showError(body.error + ' (HTTP ' + response.status + ')');
    return;
  }
  answer = body;
  $('status').textContent = 'Tagged as ' + body.imageId + ' in ' + Math.round(performance.now() - started) + ' ms.';
  $('version').textContent = 'by ' + body.modelName + ' v' + body.modelVersion;
  $('category-note').textContent = body.categoriesFromModel ? '' : body.categoryNote;
  $('result').hidden = false;
  renderTags();
  loadSimilar(body.imageId);
}

// a label names its kind as a prefix (character:..., rating:...); general tags have none (as TagLabels.kind)
function kindOf(name) {
  const colon = name.indexOf(':');
  const prefix = colon > 0 ? name.substring(0, colon) : '';
  return prefix !== 'general' && CATEGORY_ORDER.includes(prefix) ? prefix : 'general';
}

function renderTags() {
  const threshold = parseFloat($('threshold').value);
  $('threshold-value').textContent = threshold.toFixed(2);
  const categoryOf = new Map(answer.tags.map(t => [t.name, t.category]));
  const aboveModelThreshold = new Set(answer.tags.map(t => t.name));
  const scores = answer.scores ? Object.entries(answer.scores) : answer.tags.map(t => [t.name, t.score]);
  const groups = new Map();
  for (const [name, score] of scores) {
    if (score < threshold) continue;
    const category = categoryOf.get(name) || kindOf(name);
    if (!groups.has(category)) groups.set(category, []);
    groups.get(category).push([name, score]);
  }
  const order = [...groups.keys()].sort((a, b) => rank(a) - rank(b));
  const box = $('tags');
  box.replaceChildren();
  if (order.length === 0) box.append(el('p', 'status', 'No tag scores ' + threshold.toFixed(2) + ' or more.'));
  for (const category of order) {
    const section = el('div', 'category');
    section.dataset.category = category;
    section.append(el('h3', null, category));
    for (const [name, score] of groups.get(category).sort((a, b) => b[1] - a[1])) {
      const row = el('div', 'tag' + (aboveModelThreshold.has(name) ? ' above' : ''));
      row.dataset.name = name;
      const bar = el('div', 'bar');
      bar.style.width = Math.round(score * 100) + '%';
      const barBox = el('div');
      barBox.append(bar);
      row.append(el('span', 'name', name), barBox, el('span', 'score', score.toFixed(3)));
      section.append(row);
    }
    box.append(section);
  }
}

function rank(category) {
  const i = CATEGORY_ORDER.indexOf(category);
  return i < 0 ? CATEGORY_ORDER.length : i;
}

async function loadSimilar(id) {
  const list = $('similar');
  list.replaceChildren();
  const response = await fetch('/api/tag-vectors/' + encodeURIComponent(id) + '/similar?k=6');
  const body = await response.json();
  if (!response.ok) {
    list.append(el('li', 'error', body.error));
    return;
  }
  if (body.similar.length === 0) {
    list.append(el('li', 'status', 'None yet: no other image tagged by v' + body.modelVersion + ' among the ' + body.searched + ' held.'));
  }
  for (const n of body.similar) {
    const item = el('li');
    item.append(el('span', 'sim', n.similarity.toFixed(3) + ' '), el('code', null, n.imageId),
      el('span', null, ': ' + n.tags.map(t => t.name).join(', ')));
    list.append(item);
  }
}

$('file').addEventListener('change', e => { if (e.target.files.length) upload(e.target.files[0]); });
$('threshold').addEventListener('input', () => { if (answer) renderTags(); });
const drop = $('drop');
drop.addEventListener('dragover', e => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', e => {
  e.preventDefault();
  drop.classList.remove('over');
  if (e.dataTransfer.files.length) upload(e.dataTransfer.files[0]);
});
