/* sitmap event panel: the events the time window, the layers and the filters show.
 *
 * Our own code (no third-party script). Every string from an article reaches the
 * DOM through textContent (event popups: Sitmap.eventPopup); the only HTML inserted
 * is the other layers' popup HTML, escaped in Python (layers/text.py). Downloads are
 * made in the page (Blob + object URL): offline.
 * The view state lives in the URL fragment, e.g.
 *   #t=2021-07-01..2021-07-31&l=incidents,borders&type=capture&q=kunduz&v=37.1,69.2,8
 */
(function () {
  'use strict';
  var S = (window.Sitmap = window.Sitmap || {});
  var PAGE = 200;  /* rows rendered at a time: 10,000 rows stay a fast page */

  function el(tag, text, cls) { return S.textEl(tag, text, cls); }

  var ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#39;': "'" };
  /* Plain text of escaped popup HTML (for the search; never put back into HTML). */
  function plain(html) {
    return String(html || '').replace(/<[^>]*>/g, ' ')
      .replace(/&(amp|lt|gt|quot|#x27|#39);/g, function (m) { return ENTITIES[m]; });
  }

  /* The source sentences of a popup, as text (DOMParser documents run no script). */
  function sources(html) {
    if (!html) { return []; }
    var doc = new DOMParser().parseFromString(String(html), 'text/html');
    return Array.prototype.map.call(doc.querySelectorAll('.sm-quote'), function (q) {
      return q.textContent.trim();
    });
  }

  /* CSV cell: quoted, and never a formula (= + - @ tab CR get a leading '). */
  function csvCell(v) {
    var s = v == null ? '' : String(v);
    if (/^[=+\-@\t\r]/.test(s)) { s = "'" + s; }
    return '"' + s.replace(/"/g, '""') + '"';
  }
  S.csvCell = csvCell;

  /* An event's actors (split once per distinct text: 100,000 events share a few dozen). */
  var ACTORS = new Map();
  function actorsOf(p) {
    if (!p.actors) { return []; }
    var key = String(p.actors), got = ACTORS.get(key);
    if (!got) { got = key.split(' vs '); ACTORS.set(key, got); }
    return got;
  }

  S.panel = function (map, opts) {
    var st = S.state(map);
    var types = opts.types || {};
    /* One row per event; its incident entry (a marker) first, then its movement. */
    var events = [], byId = new Map();  /* a Map: 100,000 keys, any id */
    st.entries.forEach(function (e) {
      if (e.asOf) { return; }  /* control states are not events */
      var key = e.id || ('#' + events.length);
      var ev = byId.get(key);
      if (!ev) {
        ev = { id: key, entries: [], p: e.props, t0: e.t0, t1: e.t1 };
        byId.set(key, ev);
        events.push(ev);
      }
      if (e.layer === 'incidents') { ev.p = e.props; ev.entries.unshift(e); } else { ev.entries.push(e); }
    });
    /* The list is by date (undated last), then id. Sorting 100,000 events waits until
       after the first paint (sortEvents): the first page is picked without it. */
    function byDate(a, b) {
      var x = a.t0 || '9999', y = b.t0 || '9999';
      return x < y ? -1 : x > y ? 1 : (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    }
    var sorted = events.length <= PAGE;
    if (sorted) { events.sort(byDate); }
    function sortEvents() {
      if (sorted) { return; }
      sorted = true;
      events.sort(byDate);
      current = shownEvents();  /* the same events, now in order: the rows drawn stay first */
    }
    st.events = events;
    st.sortEvents = sortEvents;

    var state = { type: '', actor: '', country: '', precision: '', confidence: '', q: '' };

    /* ---------- DOM ---------- */
    var container = map.getContainer();
    var panel = L.DomUtil.create('div', 'sm-panel', container);
    panel.setAttribute('role', 'region');
    panel.setAttribute('aria-label', opts.title);
    var toggle = L.DomUtil.create('button', 'sm-panel-toggle', container);
    toggle.type = 'button';
    toggle.setAttribute('aria-controls', 'sm-panel-body');
    var body = L.DomUtil.create('div', 'sm-panel-body', panel);
    body.id = 'sm-panel-body';
    var head = L.DomUtil.create('div', 'sm-panel-head', body);
    head.appendChild(el('h3', opts.title));
    var count = el('div', '', 'sm-panel-count');
    count.setAttribute('aria-live', 'polite');
    head.appendChild(count);

    var search = document.createElement('input');
    search.type = 'search';
    search.placeholder = 'Search places, actors, sources';
    search.setAttribute('aria-label', 'Search place names, actors and source sentences');
    search.className = 'sm-search';
    body.appendChild(search);

    var filters = L.DomUtil.create('div', 'sm-filters', body);
    /* A closed select shows only its first option ("Type: any"), so the values found in
       the events (a pass over every event each: 100,000 on a big map) are added after
       the first paint (fillOptions), or at once when the URL fragment or the user needs them. */
    var unfilled = [];
    function select(name, label, options) {
      var s = document.createElement('select');
      s.dataset.filter = name;
      s.setAttribute('aria-label', label);
      s.appendChild(new Option(label + ': any', ''));
      if (typeof options === 'function') { unfilled.push([s, options]); } else { addOptions(s, options); }
      filters.appendChild(s);
      s.addEventListener('change', function () { state[name] = s.value; apply(); });
      s.addEventListener('focus', fillOptions);
      s.addEventListener('mousedown', fillOptions);
      return s;
    }
    function addOptions(s, options) {
      options.forEach(function (o) { s.appendChild(new Option(o[1], o[0])); });
    }
    function fillOptions() {
      var todo = unfilled;
      unfilled = [];
      todo.forEach(function (pair) { addOptions(pair[0], pair[1]()); });
    }
    st.fillOptions = fillOptions;
    /* The distinct values (sorted) of fn over the events: a value, or a list of values.
       No list per event is made (100,000 events: a quarter of the panel's start-up). */
    function distinct(fn) {
      var seen = new Set();
      for (var i = 0; i < events.length; i++) {
        var v = fn(events[i].p);
        if (!Array.isArray(v)) { if (v) { seen.add(String(v)); } continue; }
        for (var j = 0; j < v.length; j++) { if (v[j]) { seen.add(String(v[j])); } }
      }
      return Array.from(seen).sort();
    }
    var selects = {
      type: select('type', 'Type', function () {
        return distinct(function (p) { return p.kind; }).map(function (k) { return [k, types[k] || k]; });
      }),
      actor: select('actor', 'Actor', function () {
        return distinct(actorsOf).map(function (a) { return [a, a]; });
      }),
      country: select('country', 'Country', function () {
        return distinct(function (p) { return p.country; }).map(function (c) {
          var name = '';
          events.some(function (ev) { if (ev.p.country === c && ev.p.country_name) { name = ev.p.country_name; return true; } return false; });
          return [c, name ? name + ' (' + c + ')' : c];
        });
      }),
      precision: select('precision', 'Geo precision', [['1', '1: the place itself'],
        ['2', '2: near the place'], ['3', '3: region or country']]),
      confidence: select('confidence', 'Confidence', [['0.5', '\u2265 0.5'], ['0.8', '\u2265 0.8']])
    };

    var tools = L.DomUtil.create('div', 'sm-panel-tools', body);
    function button(text, title, fn) {
      var b = el('button', text); b.type = 'button'; b.title = title;
      b.addEventListener('click', fn); tools.appendChild(b); return b;
    }
    tools.appendChild(el('span', 'Download what I see:'));
    button('GeoJSON', 'The shown events as GeoJSON', function () { download('geojson'); });
    button('CSV', 'The shown events as CSV', function () { download('csv'); });
    button('Clear', 'Clear the search and filters', function () { clearFilters(); });

    var list = document.createElement('ul');
    list.className = 'sm-list';
    list.setAttribute('aria-label', 'Events, by date');
    body.appendChild(list);
    var more = el('button', '', 'sm-more');
    more.type = 'button';
    body.appendChild(more);

    L.DomEvent.disableClickPropagation(panel);
    L.DomEvent.disableScrollPropagation(panel);
    L.DomEvent.disableClickPropagation(toggle);

    function setOpen(open) {
      container.classList.toggle('sm-panel-open', open);
      panel.hidden = !open;
      toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
      toggle.textContent = open ? '\u2039 Events' : 'Events \u203A';
      toggle.title = open ? 'Hide the event list' : 'Show the event list';
      st.panelOpen = open;
    }
    toggle.addEventListener('click', function () { setOpen(!st.panelOpen); saveHash(); });
    setOpen(!opts.collapsed && map.getSize().x >= 760);

    /* ---------- filtering ---------- */
    function text(ev) {
      if (ev.text == null) {
        var p = ev.p;
        var words = p.ev != null && st.cfg.events ? S.eventText(st, p.ev) : plain(p.popup);
        ev.text = [p.name, p.actors, p.country_name, p.dyad, S.labelOf(p, st), words].join(' ')
          .toLowerCase();
      }
      return ev.text;
    }
    function passes(p, ev) {
      if (state.type && p.kind !== state.type) { return false; }
      if (state.actor && actorsOf(p).indexOf(state.actor) < 0) { return false; }
      if (state.country && p.country !== state.country) { return false; }
      if (state.precision && String(p.precision) !== state.precision) { return false; }
      if (state.confidence && !(Number(p.confidence) >= Number(state.confidence))) { return false; }
      if (state.q) {
        var words = state.q.toLowerCase().split(/\s+/).filter(Boolean), t = text(ev);
        for (var i = 0; i < words.length; i++) { if (t.indexOf(words[i]) < 0) { return false; } }
      }
      return true;
    }
    function active() {
      return !!(state.type || state.actor || state.country || state.precision || state.confidence || state.q);
    }
    function layerOn(e) {
      var lyr = st.layers[e.layer];
      return !!(lyr && map.hasLayer(lyr.group));
    }
    /* Events the time window, the active layers and the filters show, by date. */
    function shownEvents() {
      var on = {};  /* each layer asked once, not once per entry */
      Object.keys(st.layers).forEach(function (n) { on[n] = layerOn({ layer: n }); });
      var out = [];
      for (var i = 0; i < events.length; i++) {
        var es = events[i].entries;
        for (var j = 0; j < es.length; j++) {
          if (es[j].shown && on[es[j].layer]) { out.push(events[i]); break; }
        }
      }
      return out;
    }
    st.shownEvents = shownEvents;

    var filterFn = function (e) {
      var ev = byId.get(e.id) || { p: e.props };
      return passes(ev.p, ev);
    };

    /* ---------- the list ---------- */
    var rows = {}, current = [], rendered = 0, selected = null;
    function describe(ev) {
      var p = ev.p;
      var when = ev.t0 ? (ev.t1 && ev.t1 !== ev.t0 ? ev.t0 + ' \u2013 ' + ev.t1 : ev.t0) : 'undated';
      var kind = types[p.kind] || p.kind || 'Event';
      var where = p.name || '';
      if (p.country_name && where.indexOf(p.country_name) < 0) { where += ', ' + p.country_name; }
      return { when: when, kind: kind, where: where };
    }
    function row(ev) {
      var d = describe(ev), p = ev.p;
      var li = document.createElement('li');
      li.tabIndex = 0;
      li.setAttribute('role', 'button');
      li.dataset.id = ev.id;
      li.setAttribute('aria-label', d.kind + ', ' + d.where + ', ' + d.when +
        (p.precision ? ', geo precision ' + p.precision : '') + (p.status ? ', ' + p.status : ''));
      var top = el('div', '', 'sm-row-top');
      top.appendChild(el('span', d.when, 'sm-date'));
      var k = el('span', d.kind, 'sm-kind');
      if (/^#[0-9a-fA-F]{3,8}$/.test(p.color || '')) { k.style.borderLeftColor = p.color; }
      top.appendChild(k);
      li.appendChild(top);
      li.appendChild(el('div', d.where, 'sm-where'));
      var tags = el('div', '', 'sm-tags');
      if (p.precision) { tags.appendChild(el('span', 'P' + p.precision, 'sm-tag sm-prec')); }
      if (p.status) { tags.appendChild(el('span', p.status, 'sm-tag sm-status-' + (p.status === 'reported' ? 'ok' : 'claim'))); }
      if (p.confidence != null) { tags.appendChild(el('span', 'conf ' + Number(p.confidence).toFixed(2), 'sm-tag')); }
      if (p.placement && p.placement !== 'point') { tags.appendChild(el('span', p.placement === 'list' ? 'not drawn' : 'on ' + p.placement, 'sm-tag sm-coarse')); }
      if (p.actors) { tags.appendChild(el('span', p.actors, 'sm-tag sm-actors')); }
      li.appendChild(tags);
      li.addEventListener('click', function () { openEvent(ev, li); });
      li.addEventListener('keydown', function (k) {
        if (k.key === 'Enter' || k.key === ' ') { k.preventDefault(); openEvent(ev, li); }
        if (k.key === 'ArrowDown' && li.nextSibling) { k.preventDefault(); li.nextSibling.focus(); }
        if (k.key === 'ArrowUp' && li.previousSibling) { k.preventDefault(); li.previousSibling.focus(); }
      });
      rows[ev.id] = li;
      return li;
    }
    /* The first n of list by byDate, in order, without sorting the whole list. */
    function firstOf(list, n) {
      var out = [];
      for (var i = 0; i < list.length; i++) {
        var ev = list[i];
        if (out.length === n && byDate(ev, out[n - 1]) >= 0) { continue; }
        var lo = 0, hi = out.length;  /* insert after its equals: the sort is stable */
        while (lo < hi) { var mid = (lo + hi) >> 1; if (byDate(out[mid], ev) <= 0) { lo = mid + 1; } else { hi = mid; } }
        out.splice(lo, 0, ev);
        if (out.length > n) { out.pop(); }
      }
      return out;
    }
    function renderMore(upto) {
      sortEvents();
      var end = Math.min(current.length, Math.max(rendered + PAGE, upto || 0));
      var frag = document.createDocumentFragment();
      for (; rendered < end; rendered++) { frag.appendChild(rows[current[rendered].id] || row(current[rendered])); }
      list.appendChild(frag);
      var left = current.length - rendered;
      more.hidden = left <= 0;
      more.textContent = 'Show ' + Math.min(PAGE, left) + ' more (' + left + ' not listed yet)';
    }
    more.addEventListener('click', function () { renderMore(); });
    function render() {
      current = shownEvents();
      list.textContent = '';
      rendered = 0;
      if (sorted) {
        renderMore();
      } else {  /* before the list is sorted: its first page alone, the rest once sorted */
        var page = firstOf(current, PAGE), frag = document.createDocumentFragment();
        page.forEach(function (ev) { frag.appendChild(rows[ev.id] || row(ev)); });
        list.appendChild(frag);
        rendered = page.length;
        var left = current.length - rendered;
        more.hidden = left <= 0;
        more.textContent = 'Show ' + Math.min(PAGE, left) + ' more (' + left + ' not listed yet)';
      }
      count.textContent = current.length + ' of ' + events.length + ' events shown';
      count.dataset.shown = String(current.length);
      if (selected && rows[selected]) { rows[selected].classList.add('sm-hl'); }
    }
    st.renderPanel = render;

    function apply() {
      state.q = search.value.trim();
      S.setFilter(st, active() ? filterFn : null);  /* listeners re-render the list */
      saveHash();
    }
    var timer = null;
    search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(apply, 150); });
    function clearFilters() {
      Object.keys(selects).forEach(function (k) { selects[k].value = ''; state[k] = ''; });
      search.value = '';
      apply();
    }

    /* ---------- list ↔ map ---------- */
    function highlight(id, scroll) {
      if (selected && rows[selected]) { rows[selected].classList.remove('sm-hl'); rows[selected].removeAttribute('aria-current'); }
      selected = id;
      sortEvents();
      var idx = current.findIndex(function (ev) { return ev.id === id; });
      if (idx >= rendered) { renderMore(idx + 1); }
      var li = rows[id];
      if (li && li.parentNode) {
        li.classList.add('sm-hl');
        li.setAttribute('aria-current', 'true');
        if (scroll) { li.scrollIntoView({ block: 'nearest' }); }
      }
    }
    S.highlight = function (id) { highlight(id, true); };

    function openEvent(ev, li) {
      highlight(ev.id, false);
      var e = ev.entries.filter(function (x) { return x.items.length && layerOn(x); })[0];
      if (!e) { toggleDetails(ev, li); return; }
      var layer = e.items[0][0], c = e.items[0][1];
      var done = false;
      function open() {
        if (done) { return; }
        done = true;
        var popup = S.ensurePopup(layer);
        if (!popup) { return; }
        map.closePopup();
        if (layer._map) { layer.openPopup(layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter()); }
        else { popup.setLatLng(layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter()).openOn(map); }
      }
      if (S.isGrid && S.isGrid(c)) { c._reveal = layer; }  /* drawn on its own, not in a badge */
      if (S.isCluster(c) && layer.getLatLng) {
        /* zoom (no animation) to where the marker stands out of its cluster, then open */
        var target = map.getZoom();
        if (layer.__parent && layer.__parent._zoom != null) {
          target = Math.max(target, layer.__parent._zoom + 1);
        }
        target = Math.min(Math.max(target, 6), map.getMaxZoom());
        map.setView(layer.getLatLng(), target, { animate: false });
        setTimeout(open, 0);
      } else if (layer.getBounds) {
        map.fitBounds(layer.getBounds(), { maxZoom: 9, animate: false, paddingTopLeft: [st.panelOpen ? panel.offsetWidth : 0, 0] });
        open();
      } else {
        map.setView(layer.getLatLng(), Math.max(map.getZoom(), 9), { animate: false });
        open();
      }
    }
    /* An event with nothing to draw shows its details in the list itself. */
    function toggleDetails(ev, li) {
      var old = li.querySelector('.sm-details');
      if (old) { li.removeChild(old); li.setAttribute('aria-expanded', 'false'); return; }
      var box = el('div', '', 'sm-details');
      box.appendChild(el('div', S.metaText(ev.p), 'sm-meta'));
      if (ev.p.note) { box.appendChild(el('div', ev.p.note, 'sm-meta sm-note')); }
      var content = S.popupBody({ sitmapProps: ev.p, sitmapSt: st });
      if (content) { var inner = document.createElement('div'); inner.appendChild(content); box.appendChild(inner); }
      li.appendChild(box);
      li.setAttribute('aria-expanded', 'true');
    }
    Object.keys(st.layers).forEach(function (name) {
      var subs = st.layers[name].subs || {};
      Object.keys(subs).forEach(function (k) {
        subs[k].on('click', function (e) {
          var l = e.layer || e.propagatedFrom, p = l && l.sitmapProps;
          if (p && p.event_id && byId.has(p.event_id)) {
            if (!st.panelOpen) { setOpen(true); }
            highlight(p.event_id, true);
          }
        });
      });
    });

    /* ---------- downloads (offline: Blob + object URL) ---------- */
    var COLUMNS = ['event_id', 'event_type', 'date_start', 'date_end', 'place', 'country', 'border',
      'geo_precision', 'placement', 'status', 'confidence', 'actors', 'lon', 'lat', 'geometry_type',
      'note', 'sources'];
    function record(ev) {
      var p = ev.p, e = ev.entries.filter(function (x) { return x.geom; })[0], g = e ? e.geom : null;
      var said = p.ev != null && st.cfg.events ? S.eventSentences(st, p.ev) : sources(p.popup);
      var lon = '', lat = '';
      if (g && g.type === 'Point') { lon = g.coordinates[0]; lat = g.coordinates[1]; }
      return {
        geometry: g,
        props: {
          event_id: p.event_id || '', event_type: p.kind || '', date_start: ev.t0 || '',
          date_end: ev.t1 || '', place: p.name || '', country: p.country || '', border: p.dyad || '',
          geo_precision: p.precision || '', placement: p.placement || 'point', status: p.status || '',
          confidence: p.confidence == null ? '' : p.confidence, actors: p.actors || '', lon: lon,
          lat: lat, geometry_type: g ? g.type : '', note: p.note || '', sources: said.join(' | ')
        }
      };
    }
    function exportText(kind) {
      sortEvents();
      var recs = shownEvents().map(record);
      if (kind === 'geojson') {
        return JSON.stringify({ type: 'FeatureCollection', features: recs.map(function (r) {
          return { type: 'Feature', geometry: r.geometry || null, properties: r.props };
        }) });
      }
      var lines = [COLUMNS.join(',')];
      recs.forEach(function (r) {
        lines.push(COLUMNS.map(function (c) { return csvCell(r.props[c]); }).join(','));
      });
      return lines.join('\r\n') + '\r\n';
    }
    S.exportText = exportText;
    function download(kind) {
      var type = kind === 'csv' ? 'text/csv;charset=utf-8' : 'application/geo+json';
      var url = URL.createObjectURL(new Blob([exportText(kind)], { type: type }));
      var a = document.createElement('a');
      a.href = url;
      a.download = 'sitmap-events.' + kind;
      document.body.appendChild(a);
      a.click();
      document.body.removeChild(a);
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    }

    /* ---------- view state in the URL fragment ---------- */
    var writing = false;
    function saveHash() {
      if (!st.hashReady) { return; }
      var q = new URLSearchParams();
      if (st.window && st.time && (st.window.start !== st.time.min || st.window.end !== st.time.max)) {
        q.set('t', st.window.start + '..' + st.window.end);
      }
      q.set('l', Object.keys(st.layers).filter(function (n) { return map.hasLayer(st.layers[n].group); }).join(','));
      ['type', 'actor', 'country', 'precision', 'confidence', 'q'].forEach(function (k) {
        if (state[k]) { q.set(k, state[k]); }
      });
      var c = map.getCenter();
      q.set('v', c.lat.toFixed(4) + ',' + c.lng.toFixed(4) + ',' + map.getZoom());
      if (!st.panelOpen) { q.set('panel', '0'); }
      var hash = '#' + q.toString();
      if (hash === location.hash) { return; }
      writing = true;
      try { history.replaceState(null, '', hash); } catch (err) { st.hashReady = false; }  /* e.g. a sandboxed frame: no URL state */
      writing = false;
    }
    st.saveHash = saveHash;
    function readHash() {
      var q = new URLSearchParams(location.hash.replace(/^#/, ''));
      if (!location.hash || location.hash.length < 2) { return; }
      if (q.has('l')) {
        var on = q.get('l').split(',');
        Object.keys(st.layers).forEach(function (n) {
          var want = on.indexOf(n) >= 0, g = st.layers[n].group;
          if (want !== map.hasLayer(g)) { if (want) { map.addLayer(g); } else { map.removeLayer(g); } }
          var box = container.querySelector('.sm-layers input[data-layer="' + n + '"]');
          if (box) { box.checked = want; }
        });
      }
      ['type', 'actor', 'country', 'precision', 'confidence'].forEach(function (k) {
        var v = q.get(k);
        if (v) { fillOptions(); }
        if (v && selects[k] && Array.prototype.some.call(selects[k].options, function (o) { return o.value === v; })) {
          selects[k].value = v; state[k] = v;
        }
      });
      if (q.get('q')) { search.value = q.get('q'); state.q = search.value; }
      if (q.get('panel') === '0') { setOpen(false); }
      var t = (q.get('t') || '').split('..');
      if (t.length === 2 && /^\d{4}-\d\d-\d\d$/.test(t[0]) && /^\d{4}-\d\d-\d\d$/.test(t[1])) {
        st.window = { start: t[0], end: t[1] };
      }
      var v = (q.get('v') || '').split(',').map(Number);
      if (v.length === 3 && v.every(isFinite)) { st.hashView = { center: [v[0], v[1]], zoom: v[2] }; }
    }

    st.listeners.push(function () { render(); saveHash(); });
    map.on('layeradd layerremove', function (e) {
      var isTop = Object.keys(st.layers).some(function (n) { return st.layers[n].group === e.layer; });
      if (isTop) { render(); saveHash(); }
    });
    map.on('moveend', function () { S.afterMove(saveHash); });
    window.addEventListener('hashchange', function () {
      if (writing) { return; }
      readHash();
      if (st.window) { st.window = { start: st.window.start, end: st.window.end }; }
      S.setFilter(st, active() ? filterFn : null);
      if (st.hashView) { map.setView(st.hashView.center, st.hashView.zoom, { animate: false }); }
    });

    var before = st.window;
    readHash();
    st.filter = active() ? filterFn : null;
    if (st.filter || st.window !== before) {
      S.setWindow(st, st.window && st.window.start, st.window && st.window.end);
    } else {
      render();  /* nothing to change on the map: just list what it shows */
    }
    map.whenReady(function () { setTimeout(function () { st.hashReady = true; }, 0); });
    /* after the next frame is drawn: a timer set in an animation frame runs after its paint */
    if (unfilled.length || !sorted) {
      requestAnimationFrame(function () {
        setTimeout(function () { fillOptions(); sortEvents(); }, 0);
      });
    }
  };
})();
