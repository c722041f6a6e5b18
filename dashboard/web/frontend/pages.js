/*
 * Story pages and published pages around the deployment map (dashboard/publish): stepping through a
 * story, the map in words for the shown date, and a date or step in the address (#date=, #step=).
 *
 * Text reaches the page from Python as escaped HTML (each story step is a <section> written on the
 * server) or as JSON read with textContent: nothing here builds HTML from data. Works from file://
 * and from any static host; no request leaves the page.
 */
(function () {
  'use strict';

  function whenMap(fn) {
    (function poll() {
      if (window.deploymap && window.deploymap.map) fn(window.deploymap); else setTimeout(poll, 30);
    })();
  }

  function hashParams() {
    var out = {};
    location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
      var i = kv.indexOf('=');
      if (i > 0) {
        try { out[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1)); } catch (e) { /* a malformed link part is ignored */ }
      }
    });
    return out;
  }

  function setHash(params) {
    var parts = Object.keys(params).map(function (k) { return k + '=' + encodeURIComponent(params[k]); });
    try { history.replaceState(null, '', '#' + parts.join('&')); } catch (e) { location.hash = parts.join('&'); }
  }

  var reduced = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

  /* A story: `steps` is [{date, until, bounds}] in the order of the page's step sections. */
  function story(steps) {
    var sections = Array.prototype.slice.call(document.querySelectorAll('section.step'));
    var counter = document.getElementById('step-counter');
    var prev = document.getElementById('step-prev'), next = document.getElementById('step-next');
    var auto = document.getElementById('step-auto'), pace = document.getElementById('step-pace');
    var current = -1, timer = null;

    var said = document.getElementById('step-said');
    function show(i, focus) {
      i = Math.max(0, Math.min(steps.length - 1, i));
      current = i;
      sections.forEach(function (s, k) { s.hidden = k !== i; });
      counter.textContent = 'Step ' + (i + 1) + ' of ' + steps.length;
      prev.disabled = i === 0;
      next.disabled = i === steps.length - 1;
      setHash({ step: String(i + 1) });
      // Said once, politely: the step's number, date and caption (the focus stays where the reader is).
      if (said) said.textContent = counter.textContent + '. ' + sections[i].querySelector('h2').textContent.replace(/^\d+\. /, '') +
        '. ' + sections[i].querySelector('p').textContent;
      var button = focus === 'next' ? next : focus === 'prev' ? prev : null;
      if (button && button.disabled) sections[i].querySelector('h2').focus();  // the end: the step's heading
      else if (focus === true) sections[i].querySelector('h2').focus();
      var st = steps[i];
      whenMap(function (dm) {
        dm.pause();
        dm.setDate(st.date);
        if (st.bounds) { dm.map.invalidateSize({ pan: false }); dm.fitClear(st.bounds, 7); }
        if (st.until && st.until !== st.date) {
          if (reduced) dm.setDate(st.until); else dm.play(st.until);
        }
      });
      schedule();
    }

    function schedule() {
      clearTimeout(timer);
      if (auto.checked && current < steps.length - 1) {
        timer = setTimeout(function () { show(current + 1, false); }, Number(pace.value) * 1000);
      }
    }

    prev.addEventListener('click', function () { show(current - 1, 'prev'); });
    next.addEventListener('click', function () { show(current + 1, 'next'); });
    window.addEventListener('hashchange', function () {  // a link to another step, on the open page
      var n = parseInt(hashParams().step || '', 10);
      if (!isNaN(n) && n - 1 !== current) show(n - 1, false);
    });
    auto.addEventListener('change', schedule);
    pace.addEventListener('change', schedule);
    document.addEventListener('keydown', function (ev) {
      var t = ev.target, tag = t && t.tagName;
      if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') return;
      if (t && t.closest && t.closest('.folium-map')) return;  // the map's own keys (pan, slider)
      if (ev.key === 'ArrowRight' || ev.key === 'PageDown') { ev.preventDefault(); show(current + 1, false); }
      if (ev.key === 'ArrowLeft' || ev.key === 'PageUp') { ev.preventDefault(); show(current - 1, false); }
    });
    var asked = parseInt(hashParams().step || '1', 10);
    show(isNaN(asked) ? 0 : asked - 1, false);
    window.deploystory = { show: function (n) { show(n - 1, false); }, current: function () { return current + 1; } };
  }

  /* A published map: the map in words follows the shown date; the date is kept in the address. The
   * words of every date (words.js) load after the map is on screen: the first view carries only the
   * shown date's, written into the page. */
  function index() {
    var region = document.getElementById('words');
    var when = document.getElementById('words-date');
    var shown = null;
    function longDate(iso) {
      return new Date(iso + 'T00:00:00Z').toLocaleDateString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
    }
    function say(iso) {
      shown = iso;
      when.textContent = longDate(iso);
      var words = window.DEPLOY_WORDS;
      if (words) region.textContent = words[iso] || 'No description was written for this date.';
      else if (region.dataset.date !== iso) region.textContent = 'The description of this date is loading.';
    }
    whenMap(function (dm) {
      var asked = hashParams().date;
      if (asked && /^\d{4}-\d{2}-\d{2}$/.test(asked)) dm.setDate(asked);
      say(dm.isoDate());
      dm.on(function (kind, value) {  // a settled date (half a second after the last key press)
        if (kind !== 'date') return;
        say(value);
        setHash({ date: value });
      });
      var script = document.createElement('script');
      script.src = 'words.js';
      script.onload = function () { if (shown) say(shown); };
      document.body.appendChild(script);
    });
  }

  /* An exported map page: a live region (#dm-words) says the map in words for the shown date, from
   * `words` (date -> text) written into the page; a date it lacks is said to have none. */
  function follow(words) {
    var region = document.getElementById('dm-words');
    whenMap(function (dm) {
      dm.on(function (kind, value) {
        if (kind === 'date' && region) region.textContent = words[value] || 'No description was written for ' + value + '.';
      });
    });
  }

  window.DeployPages = { story: story, index: index, follow: follow, hashParams: hashParams };
})();
