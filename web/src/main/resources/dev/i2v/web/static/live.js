// The live view: polls /api/live every second; the chart is redrawn by the server when versions change.
'use strict';

const $ = id => document.getElementById(id);
let chartVersions = '';

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text;
  row.append(td);
}

function figure(x) {
  return x === null || x === undefined ? '-' : x.toFixed(3);
}

async function refresh() {
  let live;
  try {
    const response = await fetch('/api/live');
    live = await response.json();
  } catch (e) {
    $('live-status').textContent = 'The server does not answer: ' + e.message;
    return;
  }
  $('images-in').textContent = live.imagesIn < 0 ? '?' : live.imagesIn.toLocaleString();
  $('tag-vectors-out').textContent = live.tagVectorsOut.toLocaleString();
  $('rate').textContent = live.tagVectorsPerSecond.toFixed(1) + '/s';
  $('taggers').textContent = live.taggers;
  const reasons = Object.entries(live.deadLettersByReason);
  $('dead-letters-total').textContent = reasons.reduce((sum, [, n]) => sum + n, 0).toLocaleString();
  const dead = $('dead-letters').tBodies[0];
  dead.replaceChildren();
  for (const [reason, n] of reasons) {
    const row = dead.insertRow();
    cell(row, reason);
    cell(row, n.toLocaleString());
  }
  if (reasons.length === 0) cell(dead.insertRow(), 'none');
  const versions = $('versions').tBodies[0];
  versions.replaceChildren();
  for (const v of live.versions) {
    const row = versions.insertRow();
    if (v.newestPromoted) row.className = 'serving';
    cell(row, v.modelName + ' v' + v.version + (v.newestPromoted ? ' (serving)' : ''));
    cell(row, v.promoted ? 'yes' : 'no');
    cell(row, figure(v.metrics.meanAveragePrecision));
    cell(row, figure(v.metrics.baselineMeanAveragePrecision));
    cell(row, figure(v.metrics.microF1AtEqualPrecisionRecall));
    cell(row, v.metrics.holdoutImages.toLocaleString());
    cell(row, v.imagesTrained.toLocaleString());
  }
  const seen = live.versions.map(v => v.modelName + v.version + v.promoted).join();
  if (seen !== chartVersions) {
    chartVersions = seen;
    $('chart').src = '/api/versions.svg?seen=' + encodeURIComponent(seen.length + '-' + live.versions.length);
  }
  const status = [];
  if (live.taggersProblem) status.push('Kafka: ' + live.taggersProblem);
  else if (live.taggers === 0) status.push('No tagger is running in group ' + live.taggerGroup + ': start i2v tag.');
  if (!live.readingTopics) status.push('Waiting for the topics to exist.');
  status.push(live.indexed.toLocaleString() + ' tag vectors held for look-ups (at most ' + live.indexCapacity.toLocaleString() + ').');
  $('live-status').textContent = status.join(' ');
}

refresh();
setInterval(refresh, 1000);
