/* Streamlit component host for the deployment map (component API v1, no build step).
 *
 * The map page (built by dashboard/web/page.py) is loaded once per map key into a
 * same-origin srcdoc frame, so its relative asset paths resolve against this
 * folder, served by Streamlit. Later reruns with the same key only forward
 * commands (go to a date, fly to a unit); the map itself moves client-side, and
 * reports date changes and unit clicks back as the component's value.
 */
(function () {
  'use strict';
  var frame = document.getElementById('frame');
  var status = document.getElementById('status');
  var mapKey = null, lastSeq = null, pending = null, height = 640;
  var loading = false;  // a new map page is loading: commands wait for it (never go to the old page)
  var value = { date: null, unit: null, event: 0, playing: false };

  function send(type, data) {
    var msg = { isStreamlitMessage: true, type: type };
    for (var k in data) msg[k] = data[k];
    window.parent.postMessage(msg, '*');
  }
  function setValue(patch) {
    for (var k in patch) value[k] = patch[k];
    value.event += 1;
    send('streamlit:setComponentValue', { value: JSON.parse(JSON.stringify(value)), dataType: 'json' });
  }
  function pageMap() {
    try { return frame.contentWindow && frame.contentWindow.deploymap; } catch (e) { return null; }
  }
  function map() { return loading ? null : pageMap(); }
  function apply(cmd) {
    var dm = map();
    if (!dm) {  // later commands win, field by field, over what is already waiting
      var merged = pending || {};
      for (var k in cmd) if (cmd[k] !== null && cmd[k] !== undefined) merged[k] = cmd[k];
      pending = merged;
      return;
    }
    pending = null;
    // No animation: a pan animation cut short (by the first resize, by a click) left shared links
    // opening a few pixels from where they were copied.
    if (cmd.view && cmd.view.length === 3) dm.map.setView([cmd.view[0], cmd.view[1]], cmd.view[2], { animate: false });
    if (cmd.date) dm.setDate(cmd.date);
    if (cmd.bounds && cmd.bounds.length === 2) {  // measured first: a phone's map is narrower than the page's first guess
      dm.map.invalidateSize({ pan: false });
      dm.fitClear(cmd.bounds, 7);  // clear of the date, the timeline and the locator inset (a step's units seen)
    }
    if (cmd.fly) dm.flyToUnit(cmd.fly);
    if (cmd.play) dm.play(typeof cmd.play === 'string' ? cmd.play : undefined);
  }

  // Called by the map page (same origin) when the user changes the date or picks a unit.
  window.deploymapHost = function (kind, v) {
    // Nothing is reported before the link's date and view are applied: on a slow machine the
    // map's first view report (its load-time fit, still on the default date) once arrived
    // first and moved the server to a date the viewer never saw.
    if (document.body.dataset.ready !== '1') return;
    // 'playing': Play started (one rerun, so the page stops naming a date the map has left); the date
    // reported when the map stops ends it.
    if (kind === 'date') setValue({ date: v, playing: false });
    else if (kind === 'playing') setValue({ date: v, playing: true });
    else if (kind === 'select') setValue({ unit: v, date: (map() && map().isoDate()) || value.date });
    else if (kind === 'view') setValue({ view: v, date: (map() && map().isoDate()) || value.date });
  };

  frame.addEventListener('load', function () {
    var tries = 0;
    (function ready() {
      if (pageMap()) {
        loading = false;
        status.hidden = true;
        frame.hidden = false;
        // The map was built while its frame was hidden: have Leaflet measure the shown size
        // before a linked view is applied (a precaution; the load-time fit is not animated).
        map().map.invalidateSize({ pan: false });
        if (pending) apply(pending);  // in the same task: the linked date and view are the first painted
        document.body.dataset.ready = '1';
      } else if (tries++ < 200) {
        setTimeout(ready, 25);
      } else {
        status.textContent = 'The map could not start (its scripts did not load). Run `make setup` on the server.';
      }
    })();
  });

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || data.type !== 'streamlit:render') return;
    var args = data.args || {};
    if (args.height && args.height !== height) { height = args.height; }
    frame.style.height = height + 'px';
    var newMap = args.map_key !== mapKey && typeof args.html === 'string';
    if (newMap) {
      // A redrawn map (new filters, highlight) opens on the date and view the user left, not
      // on the page's defaults: what the old map shows waits for the new one to load.
      var old = map();
      var keep = null;
      if (old) {
        var c = old.map.getCenter();
        keep = { date: old.isoDate(), view: [c.lat, c.lng, old.map.getZoom()] };
      } else if (value.date) {
        keep = { date: value.date };
      }
      loading = true;
      value.playing = false;  // a new map page does not play (the server forgets it with the old page's key)
      pending = keep;
      mapKey = args.map_key;
      frame.hidden = true;
      status.hidden = false;
      status.textContent = 'Loading map…';
      document.body.dataset.ready = '';
      frame.srcdoc = args.html;
    }
    // the command comes as a JSON string (dashboard/ui/component.py says why)
    var cmd = (typeof args.command === 'string' ? JSON.parse(args.command) : args.command) || {};
    if (cmd.seq !== undefined && cmd.seq !== lastSeq) {
      lastSeq = cmd.seq;
      apply(cmd);
    }
    send('streamlit:setFrameHeight', { height: height });
  });

  send('streamlit:componentReady', { apiVersion: 1 });
  send('streamlit:setFrameHeight', { height: height });
})();
