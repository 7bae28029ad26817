// The review page's script, served as /review/assets/review.js (a string here, so `npm test`, which runs src/,
// and `newsdesk serve`, which runs dist/, serve the same bytes with no build step of their own). Plain browser
// JavaScript, no template literals (the string is one): it moves between claims, reviews the one in focus with
// POST /claims/{id}/review (JSON with the x-newsdesk-csrf header, so a cookie-signed request passes the CSRF
// check of src/api/auth.ts), and keeps the reviewer's name in localStorage. It never builds markup from data:
// text goes in with textContent, options are cloned from the page's <template>s.
export const REVIEW_SCRIPT = String.raw`(function () {
  'use strict';
  var doc = document;
  var queue = doc.getElementById('queue');
  var live = doc.getElementById('live');
  var help = doc.getElementById('help');
  var reviewer = doc.getElementById('reviewer');
  var reviewerForm = doc.getElementById('reviewer-form');
  var filterStatus = doc.body.getAttribute('data-status');
  var canReview = doc.body.getAttribute('data-can-review') === 'true';
  var NAME_KEY = 'newsdesk.reviewer';
  var STANCES = ['support', 'oppose', 'neutral'];
  var current = null;
  var waiting = null;
  var busy = false;

  function say(text) { if (live) live.textContent = text; }
  function claims() { return queue ? Array.prototype.slice.call(queue.querySelectorAll('li.claim')) : []; }
  function name() { return reviewer ? reviewer.value.trim() : ''; }

  function select(li) {
    if (current && current !== li) { current.classList.remove('current'); current.removeAttribute('aria-current'); }
    current = li || null;
    if (!current) return;
    current.classList.add('current');
    current.setAttribute('aria-current', 'true');
    current.focus();
    if (current.scrollIntoView) current.scrollIntoView({ block: 'nearest' });
  }

  function move(step) {
    var list = claims();
    if (!list.length) return;
    var i = list.indexOf(current);
    select(list[i < 0 ? 0 : Math.max(0, Math.min(list.length - 1, i + step))]);
  }

  try { if (reviewer && !reviewer.value) reviewer.value = localStorage.getItem(NAME_KEY) || ''; } catch (e) { /* storage off */ }
  function saveName() { try { localStorage.setItem(NAME_KEY, name()); } catch (e) { /* storage off */ } }
  if (reviewer) reviewer.addEventListener('change', saveName);
  if (reviewerForm) reviewerForm.addEventListener('submit', function (ev) {
    ev.preventDefault();
    if (!name()) { say('Type your name: reviews are signed with it.'); return; }
    saveName();
    say('Reviewing as ' + name() + '.');
    var then = waiting;
    waiting = null;
    select(current || claims()[0]);
    if (then) act(then);
  });

  function message(li, text) {
    var m = li.querySelector('.message');
    if (m) m.textContent = text;
    say(text);
  }

  function bump(key, delta) {
    var el = doc.querySelector('[data-count="' + key + '"]');
    if (el && delta) el.textContent = String(Math.max(0, Number(el.textContent) + delta));
  }

  function showParty(li, field, party) {
    var dd = li.querySelector('[data-field="' + field + '"]');
    if (!dd) return;
    dd.textContent = party ? (party.name || party.text || '') + (party.entityId ? ' (' + party.entityId + ')' : ' (no entity)') : 'none';
    li.setAttribute('data-' + field, party && party.entityId ? party.entityId : '');
  }

  function reviewed(li, claim) {
    var before = li.getAttribute('data-status');
    var after = claim.status;
    var matches = function (s) { return filterStatus === 'any' || s === filterStatus; };
    closeForm(li, false);
    if (before === 'pending' && after !== 'pending') { bump('pending-here', -1); bump('pending-all', -1); }
    if (matches(before) !== matches(after)) bump('matching', matches(after) ? 1 : -1);
    var next = li.nextElementSibling;
    var prev = li.previousElementSibling;
    if (filterStatus === 'pending' && after !== 'pending') {
      li.remove();
      if (!claims().length) {
        var done = doc.createElement('p');
        done.className = 'empty';
        done.id = 'empty';
        done.textContent = 'This page is done: n loads more.';
        queue.parentNode.insertBefore(done, queue.nextSibling);
      }
      select(next || prev);
    } else {
      li.setAttribute('data-status', after);
      li.setAttribute('data-stance', claim.stance);
      var status = li.querySelector('[data-field="status"]');
      if (status) { status.textContent = after; status.className = 'status-' + after; }
      var stance = li.querySelector('[data-field="stance"]');
      if (stance) { stance.textContent = claim.stance; stance.className = 'stance-' + claim.stance; }
      showParty(li, 'speaker', claim.speaker);
      showParty(li, 'target', claim.target);
      select(next || li);
    }
    say('Claim ' + after + ' by ' + name() + '.');
  }

  function send(li, review) {
    if (busy) return;
    busy = true;
    li.classList.add('busy');
    review.reviewer = name();
    fetch('/claims/' + encodeURIComponent(li.getAttribute('data-claim-id')) + '/review', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-newsdesk-csrf': '1' },
      body: JSON.stringify(review)
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (answer) { return { ok: res.ok, status: res.status, answer: answer }; });
    }).then(function (r) {
      busy = false;
      li.classList.remove('busy');
      if (r.ok) { reviewed(li, r.answer.claim); return; }
      var why = (r.answer && r.answer.message) || 'the server answered ' + r.status;
      message(li, 'Not saved: ' + why + (r.status === 401 ? ' (sign in again at /review/login)' : ''));
    }, function (err) {
      busy = false;
      li.classList.remove('busy');
      message(li, 'Not saved: ' + (err && err.message ? err.message : 'no answer from the server'));
    });
  }

  function option(select, value, label) {
    var o = doc.createElement('option');
    o.value = value;
    o.textContent = label;
    select.appendChild(o);
  }

  // a choice of the article's entities; '' keeps an unresolved speaker or target as it is, '-' is none
  function partyChoice(li, field, label) {
    var select = doc.createElement('select');
    select.name = field;
    var id = li.getAttribute('data-' + field) || '';
    var text = li.getAttribute('data-' + field + '-text') || '';
    if (!id && text) option(select, '', 'unchanged: \u201c' + text + '\u201d (no entity)');
    option(select, '-', 'none');
    var tpl = doc.getElementById(li.getAttribute('data-entities') || '');
    if (tpl && tpl.content) select.appendChild(tpl.content.cloneNode(true));
    if (id && !Array.prototype.some.call(select.options, function (o) { return o.value === id; })) option(select, id, id);
    select.value = id || (text ? '' : '-');
    select.setAttribute('data-initial', select.value);
    var l = doc.createElement('label');
    l.appendChild(doc.createTextNode(label + ' '));
    l.appendChild(select);
    return l;
  }

  function openForm(li) {
    var open = li.querySelector('form.correction');
    if (open) { open.querySelector('select').focus(); return; }
    var form = doc.createElement('form');
    form.className = 'correction';
    var stance = doc.createElement('select');
    stance.name = 'stance';
    STANCES.forEach(function (s) { option(stance, s, s); });
    stance.value = li.getAttribute('data-stance');
    stance.setAttribute('data-initial', stance.value);
    var sl = doc.createElement('label');
    sl.appendChild(doc.createTextNode('Stance '));
    sl.appendChild(stance);
    form.appendChild(sl);
    form.appendChild(partyChoice(li, 'speaker', 'Speaker'));
    form.appendChild(partyChoice(li, 'target', 'Target'));
    var note = doc.createElement('input');
    note.name = 'note';
    note.placeholder = 'note (optional)';
    note.maxLength = 2000;
    form.appendChild(note);
    var save = doc.createElement('button');
    save.type = 'submit';
    save.textContent = 'Save (Enter)';
    var cancel = doc.createElement('button');
    cancel.type = 'button';
    cancel.textContent = 'Cancel (Esc)';
    cancel.addEventListener('click', function () { closeForm(li, true); });
    form.appendChild(save);
    form.appendChild(cancel);
    form.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' && ev.target.tagName !== 'BUTTON') { ev.preventDefault(); submit(li, form); }
    });
    form.addEventListener('submit', function (ev) { ev.preventDefault(); submit(li, form); });
    li.querySelector('.message').before(form);
    stance.focus();
    say('Correcting: change stance, speaker or target; Enter saves, Esc cancels.');
  }

  function submit(li, form) {
    var correction = {};
    Array.prototype.forEach.call(form.querySelectorAll('select'), function (s) {
      if (s.value === s.getAttribute('data-initial')) return;
      if (s.name === 'stance') correction.stance = s.value;
      else correction[s.name + 'EntityId'] = s.value === '-' ? null : s.value;
    });
    if (!Object.keys(correction).length) { message(li, 'Nothing changed: change a value, or Esc to cancel.'); return; }
    var review = { action: 'correct', correction: correction };
    var note = form.querySelector('input[name="note"]').value.trim();
    if (note) review.note = note;
    send(li, review);
  }

  function closeForm(li, refocus) {
    var form = li && li.querySelector('form.correction');
    if (form) form.remove();
    if (refocus) select(li);
  }

  function act(action) {
    if (!canReview) { say('Your key may read but not review.'); return; }
    var li = current || claims()[0];
    if (!li) { say('Nothing to review here.'); return; }
    if (li !== current) select(li);
    if (!name()) {
      waiting = action;
      say('Type your name first, then Enter: reviews are signed with it.');
      reviewer.focus();
      return;
    }
    if (action === 'correct') openForm(li);
    else send(li, { action: action });
  }

  function nextPage() {
    var link = doc.getElementById('next-page');
    if (link) { location.href = link.href; return; }
    var url = new URL(location.href);
    url.searchParams.delete('after');
    location.href = url.toString();
  }

  function toggleHelp() {
    if (!help) return;
    help.hidden = !help.hidden;
    if (!help.hidden) say('Keys: j or down, next; k or up, previous; a accept; r reject; c correct; n next page; / filters; Esc closes.');
  }

  if (queue) queue.addEventListener('click', function (ev) {
    var li = ev.target.closest('li.claim');
    if (!li) return;
    var button = ev.target.closest('button[data-action]');
    if (button) { select(li); act(button.getAttribute('data-action')); return; }
    if (!ev.target.closest('a, form, button') && li !== current) select(li);
  });
  var helpButton = doc.getElementById('help-button');
  if (helpButton) helpButton.addEventListener('click', toggleHelp);

  doc.addEventListener('keydown', function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    var typing = t && /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName);
    var form = t && t.closest ? t.closest('form.correction') : null;
    if (ev.key === 'Escape') {
      if (help && !help.hidden) { help.hidden = true; ev.preventDefault(); if (current) select(current); return; }
      if (form) { ev.preventDefault(); closeForm(form.closest('li.claim'), true); say('Correction cancelled.'); return; }
      if (typing) { ev.preventDefault(); t.blur(); waiting = null; select(current || claims()[0]); }
      return;
    }
    if (typing || form) return;
    switch (ev.key) {
      case 'j': case 'ArrowDown': move(1); break;
      case 'k': case 'ArrowUp': move(-1); break;
      case 'a': act('accept'); break;
      case 'r': act('reject'); break;
      case 'c': act('correct'); break;
      case 'n': nextPage(); break;
      case '?': toggleHelp(); break;
      case '/': var first = doc.querySelector('form.filters input'); if (first) first.focus(); break;
      default: return;
    }
    ev.preventDefault();
  });

  select(claims()[0]);
})();
`;
