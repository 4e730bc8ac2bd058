/* sitmap: draws the layers of a situation map from JSON built in Python.
 *
 * Data arrives only through Jinja's |tojson (see layers/templates/layers.js.j2).
 * Event popups are built here from plain-text columns (layers/popups.py), every
 * string through textContent; the other layers' popup HTML was escaped in Python
 * (layers/text.py). No string from an article is ever set as innerHTML here.
 */
(function () {
  'use strict';
  var S = (window.Sitmap = window.Sitmap || {});
  S.states = S.states || {};

  var SHAPES = {
    circle: function (c) { return '<circle cx="12" cy="12" r="8"' + c + '/>'; },
    square: function (c) { return '<rect x="4.5" y="4.5" width="15" height="15"' + c + '/>'; },
    diamond: function (c) { return '<path d="M12 2.5L21.5 12L12 21.5L2.5 12Z"' + c + '/>'; },
    triangle: function (c) { return '<path d="M12 3L21.5 20H2.5Z"' + c + '/>'; },
    star: function (c) {
      return '<path d="M12 2l2.9 6.6 7.1.6-5.4 4.7 1.6 7L12 17.3 5.8 20.9l1.6-7L2 9.2l7.1-.6z"' + c + '/>';
    },
    plus: function (c) { return '<path d="M9 3h6v6h6v6h-6v6H9v-6H3V9h6z"' + c + '/>'; },
    cross: function (c) {
      return '<path d="M5 3l7 7 7-7 2 2-7 7 7 7-2 2-7-7-7 7-2-2 7-7-7-7z"' + c + '/>';
    },
    flag: function (c) { return '<path d="M5 2v20h2v-8h11l-3-4 3-4H7V2z"' + c + '/>'; }
  };
  var COLOR_RE = /^#[0-9a-fA-F]{3,8}$/;

  /* An inline SVG symbol (no icon fonts). Only our own style values reach it. */
  function symbol(shape, color, size, opts) {
    opts = opts || {};
    var fill = COLOR_RE.test(color) ? color : '#555555';
    var draw = SHAPES[shape] || SHAPES.circle;
    var attrs = opts.hollow
      ? ' fill="#ffffff" fill-opacity="0.7" stroke="' + fill + '" stroke-width="2.5"'
      : ' fill="' + fill + '" stroke="#ffffff" stroke-width="1.5"';
    if (opts.dashed) { attrs += ' stroke-dasharray="3 2"'; }
    var rot = opts.rotate ? ' style="transform:rotate(' + Number(opts.rotate) + 'deg)"' : '';
    var s = Number(size) || 16;
    /* geo precision (ACLED 1/2/3) as a small numbered badge, top right */
    var badge = '';
    var prec = Number(opts.badge);
    if (prec >= 1 && prec <= 3) {
      badge = '<circle cx="20.5" cy="3.5" r="4.6" fill="#ffffff" stroke="#333333" stroke-width="1"/>' +
        '<text x="20.5" y="6.4" font-size="7.8" font-family="sans-serif" font-weight="bold" ' +
        'text-anchor="middle" fill="#222222">' + prec + '</text>';
    }
    return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="' + s +
      '" height="' + s + '"' + rot + '>' + draw(attrs) + badge + '</svg>';
  }
  S.symbol = symbol;

  function textEl(tag, text, cls) {
    var el = document.createElement(tag);
    el.textContent = text == null ? '' : String(text);
    if (cls) { el.className = cls; }
    return el;
  }
  S.textEl = textEl;

  /* A divIcon whose element is parsed once and then cloned: a big map's grid draws
     hundreds of markers after a move, and parsing each one's SVG text was most of that. */
  var SharedIcon = L.DivIcon.extend({
    createIcon: function (old) {
      if (old) { return L.DivIcon.prototype.createIcon.call(this, old); }
      this._smElement = this._smElement || L.DivIcon.prototype.createIcon.call(this, null);
      return this._smElement.cloneNode(true);
    }
  });
  S.SharedIcon = SharedIcon;

  var ICONS = {};
  /* Icons are shared between markers of the same look (10,000 markers, a few dozen icons). */
  function icon(shape, color, size, opts) {
    var s = Number(size) || 16;
    opts = opts || {};
    var key = [shape, color, s, opts.hollow ? 1 : 0, opts.dashed ? 1 : 0, opts.rotate || 0,
      opts.badge || 0].join('|');
    if (!ICONS[key]) {
      ICONS[key] = new SharedIcon({
        html: symbol(shape, color, s, opts), className: 'sm-icon',
        iconSize: [s, s], iconAnchor: [s / 2, s / 2], popupAnchor: [0, -s / 2]
      });
    }
    return ICONS[key];
  }

  function latlng(geom) { return L.latLng(geom.coordinates[1], geom.coordinates[0]); }

  /* Popups and tooltips are bound lazily, on the first click or hover (see `lazy`):
     10,000 markers would otherwise carry 20,000 Popup/Tooltip objects from the start. */
  function decorate(layer, p) {
    layer.sitmapProps = p;
    if (layer.eachLayer) { layer.eachLayer(function (l) { l.sitmapProps = p; }); }
    return layer;
  }

  var POPUP_OPTS = { maxWidth: 380, className: 'sm-popup-wrap',
    autoPanPaddingTopLeft: [40, 40], autoPanPaddingBottomRight: [280, 40] };

  var GEO_WORDS = { 1: 'the place itself', 2: 'near the place', 3: 'region or province' };
  var STATUS_WORDS = { reported: 'reported', claimed: 'claimed by a party, not confirmed',
    disputed: 'disputed' };

  /* One line on how sure the map is: geo precision, status, confidence, placement. */
  function metaText(p) {
    var parts = [];
    if (p.precision) { parts.push('Geo precision ' + p.precision + ' (' + (GEO_WORDS[p.precision] || '?') + ')'); }
    if (p.status) { parts.push(STATUS_WORDS[p.status] || String(p.status)); }
    if (p.confidence != null) { parts.push('confidence ' + Number(p.confidence).toFixed(2)); }
    return parts.join(' \u00b7 ');
  }
  S.metaText = metaText;

  var TIME_WORDS = { 1: 'day', 2: 'week', 3: 'month' };
  var PLACE_WORDS = { 1: 'exact place', 2: 'near the place', 3: 'region or province' };

  /* Links only for http(s) URLs, as layers.text.safe_url (no javascript:, no data:). */
  function safeUrl(url) {
    if (!url) { return null; }
    var u = String(url).trim();
    return /^https?:/i.test(u) && !/[\t\r\n]/.test(u) ? u : null;
  }
  S.safeUrl = safeUrl;

  /* Where a place name occurs in a sentence: case-insensitive, non-overlapping. */
  function findAll(name, text) {
    var out = [];
    if (/^[\x00-\x7f]*$/.test(name + text)) {
      var hay = text.toLowerCase(), needle = name.toLowerCase(), at = hay.indexOf(needle);
      while (at >= 0) { out.push([at, at + needle.length]); at = hay.indexOf(needle, at + needle.length); }
      return out;
    }
    var re = new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'giu'), m;
    while ((m = re.exec(text)) !== null) {
      if (!m[0].length) { re.lastIndex += 1; continue; }
      out.push([m.index, m.index + m[0].length]);
    }
    return out;
  }

  /* The spans of a source sentence to highlight for an event (layers.text._spans):
     its toponyms naming the event's places, else the places' names found in it. */
  function spansOf(src, i, names) {
    var spans = [], tops = src.tops[i] || [];
    tops.forEach(function (t) { if (names.indexOf(t[2]) >= 0) { spans.push([t[0], t[1]]); } });
    if (!spans.length) {
      names.forEach(function (n) { if (n) { spans = spans.concat(findAll(n, src.text[i])); } });
    }
    spans.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    spans.forEach(function (sp) {
      var last = merged[merged.length - 1];
      if (last && sp[0] < last[1]) { last[1] = Math.max(last[1], sp[1]); } else { merged.push([sp[0], sp[1]]); }
    });
    return merged;
  }

  /* The popup of event row i (layers/popups.py): the DOM layers.text.event_popup would
     write, every article string set as text. */
  function eventPopup(st, i) {
    var ev = st.cfg.events, src = st.cfg.sources;
    function td(text, small) {
      var cell = textEl('td', text);
      if (small) { cell.appendChild(document.createTextNode(' ')); cell.appendChild(textEl('small', small)); }
      return cell;
    }
    var box = document.createElement('div');
    box.className = 'sm-popup';
    var h = textEl('h4', ev.title[i]);
    if (ev.sub[i]) { h.appendChild(document.createTextNode(' ')); h.appendChild(textEl('small', ev.sub[i])); }
    box.appendChild(h);
    var rows = [['Date', ev.date[i], '(' + (TIME_WORDS[ev.tprec[i]] || '?') + ' precision)']];
    if (ev.where[i] != null) { rows.push(['Where', ev.where[i], '(' + (PLACE_WORDS[ev.gprec[i]] || '?') + ')']); }
    [['border', 'Border'], ['move', 'Movement'], ['actors', 'Actors'], ['counts', 'Counts'],
      ['claim', 'Claim'], ['claimant', 'Claimant']].forEach(function (k) {
      if (ev[k[0]][i]) { rows.push([k[1], ev[k[0]][i]]); }
    });
    rows.push(['Status', ev.status[i]]);
    rows.push(['Confidence', Number(ev.conf[i]).toFixed(2)]);
    var table = document.createElement('table'), tbody = document.createElement('tbody');
    rows.forEach(function (r) {
      var tr = document.createElement('tr');
      tr.appendChild(textEl('th', r[0]));
      tr.appendChild(td(r[1], r[2]));
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    box.appendChild(table);
    var refs = ev.src[i] || [], names = ev.names[i] || [];
    var sources = document.createElement('div');
    sources.className = 'sm-sources';
    sources.appendChild(textEl('b', 'Sources (' + refs.length + ')'));
    var ol = document.createElement('ol');
    refs.forEach(function (j) {
      var li = document.createElement('li');
      li.appendChild(textEl('b', src.outlet[j]));
      if (src.pub[j]) { li.appendChild(document.createTextNode(', ' + src.pub[j])); }
      var url = safeUrl(src.url[j]);
      if (url) {
        li.appendChild(document.createTextNode(' '));
        var a = textEl('a', 'link');
        a.href = url; a.target = '_blank'; a.rel = 'noopener noreferrer';
        li.appendChild(a);
      }
      var quote = document.createElement('blockquote'), text = src.text[j], pos = 0;
      quote.className = 'sm-quote';
      spansOf(src, j, names).forEach(function (sp) {
        quote.appendChild(document.createTextNode(text.slice(pos, sp[0])));
        quote.appendChild(textEl('mark', text.slice(sp[0], sp[1])));
        pos = sp[1];
      });
      quote.appendChild(document.createTextNode(text.slice(pos)));
      li.appendChild(quote);
      ol.appendChild(li);
    });
    sources.appendChild(ol);
    box.appendChild(sources);
    return box;
  }
  S.eventPopup = eventPopup;

  /* The source sentences of event row i (for the panel's downloads). */
  S.eventSentences = function (st, i) {
    var src = st.cfg.sources;
    return (st.cfg.events.src[i] || []).map(function (j) { return String(src.text[j]).trim(); });
  };

  /* Every word of event row i's popup, for the panel's search. */
  S.eventText = function (st, i) {
    var ev = st.cfg.events, src = st.cfg.sources, parts = [];
    ['title', 'sub', 'date', 'where', 'border', 'move', 'actors', 'counts', 'claim', 'claimant',
      'status'].forEach(function (k) { if (ev[k][i] != null) { parts.push(ev[k][i]); } });
    (ev.src[i] || []).forEach(function (j) { parts.push(src.outlet[j], src.pub[j] || '', src.text[j]); });
    return parts.join(' ');
  };

  /* The popup of control state row i (layers.control.popup_table): the DOM
     layers.control.control_popup would write, every article string set as text. */
  function controlPopup(st, i) {
    var c = st.cfg.control, o = c.objects, s = c.states, src = c.sources, k = s.obj[i];
    var box = document.createElement('div');
    box.className = 'sm-popup';
    var h = textEl('h4', o.name[k]);
    h.appendChild(document.createTextNode(' '));
    h.appendChild(textEl('small', o.kind[k]));
    box.appendChild(h);
    box.appendChild(textEl('p', o.where[k]));
    if (s.extent[i]) { box.appendChild(textEl('p', s.extent[i])); }
    if (s.backing[i]) { box.appendChild(textEl('p', s.backing[i])); }
    box.appendChild(textEl('b', 'Timeline'));
    var timeline = document.createElement('ol'), list = document.createElement('ol');
    o.states[k].forEach(function (j) {
      var li = document.createElement('li'), into = li;
      if (j === i) { into = li.appendChild(document.createElement('b')); }
      into.appendChild(document.createTextNode(s.line[j] + ' '));
      into.appendChild(textEl('small', s.small[j]));
      timeline.appendChild(li);
      var entry = textEl('li', s.head[j]), ol = document.createElement('ol');
      s.src[j].forEach(function (q) {
        var item = document.createElement('li');
        item.appendChild(textEl('b', src.outlet[q]));
        if (src.pub[q]) { item.appendChild(document.createTextNode(' ' + src.pub[q])); }
        var url = safeUrl(src.url[q]);
        if (url) {
          item.appendChild(document.createTextNode(' '));
          var a = textEl('a', 'link');
          a.setAttribute('href', url); a.target = '_blank'; a.rel = 'noopener noreferrer';
          item.appendChild(a);
        }
        item.appendChild(document.createTextNode(' '));
        item.appendChild(textEl('small', src.note[q]));
        item.appendChild(textEl('blockquote', src.text[q], 'sm-quote'));
        ol.appendChild(item);
      });
      entry.appendChild(ol);
      list.appendChild(entry);
    });
    box.appendChild(timeline);
    var sources = document.createElement('div');
    sources.className = 'sm-sources';
    sources.appendChild(textEl('b', 'Sources'));
    sources.appendChild(list);
    box.appendChild(sources);
    return box;
  }
  S.controlPopup = controlPopup;

  /* A layer's popup content as a DOM node (null when it has none). */
  function popupBody(layer) {
    var p = layer.sitmapProps;
    var st = layer.sitmapSt || S.last;
    if (!p) { return null; }
    if (p.ev != null && st && st.cfg.events) { return eventPopup(st, p.ev); }
    if (p.cst != null && st && st.cfg.control) { return controlPopup(st, p.cst); }
    if (!p.popup) { return null; }
    var body = document.createElement('div');
    body.innerHTML = p.popup;  /* built and escaped in Python (layers/text.py) */
    return body.firstChild && body.childNodes.length === 1 ? body.firstChild : body;
  }
  S.popupBody = popupBody;

  /* The layer's popup, bound now if it was not yet (null when it has none). */
  function ensurePopup(layer) {
    var p = layer.sitmapProps;
    if (!layer.getPopup()) {
      var content = popupBody(layer);
      if (!content) { return null; }
      var wrap = document.createElement('div');
      var meta = metaText(p);
      if (meta) { wrap.appendChild(textEl('div', meta, 'sm-meta')); }
      if (p.note) { wrap.appendChild(textEl('div', p.note, 'sm-meta sm-note')); }
      var body = document.createElement('div');
      body.appendChild(content);
      wrap.appendChild(body);
      layer.bindPopup(wrap, POPUP_OPTS);
    }
    return layer.getPopup() || null;
  }
  S.ensurePopup = ensurePopup;

  /* A feature's one-line label; event layers' labels are derived from the popup table
     (layers.incidents / layers.movements write the same text in Python). */
  function labelOf(p, st) {
    if (!p) { return ''; }
    if (p.label != null) { return p.label; }
    st = st || S.last;
    var ev = st && st.cfg.events;
    if (!ev || p.ev == null) { return ''; }
    var head = ev.title[p.ev] + ': ', date = ev.date[p.ev];
    if (p.shape === undefined) { return head + p.name + ', ' + date; }  /* a movement */
    var where = !p.placement || p.placement === 'point' ? p.name : p.name + ' (' + p.placement + ' only)';
    return head + where + ', ' + date + ' (geo precision ' + p.precision + ')';
  }
  S.labelOf = labelOf;

  function ensureTooltip(layer) {
    var p = layer.sitmapProps, label = labelOf(p, layer.sitmapSt);
    if (!layer.getTooltip() && label && layer.bindTooltip) {
      layer.bindTooltip(function () { return textEl('span', label); });  // built on hover
      return true;
    }
    return false;
  }

  /* One click/hover handler per container binds a feature's popup or tooltip on first use. */
  function lazy(container) {
    container.on('click keypress', function (e) {
      var l = e.layer || e.propagatedFrom;
      if (!l || !l.sitmapProps || l.getPopup()) { return; }
      if (e.type === 'keypress' && !(e.originalEvent && e.originalEvent.keyCode === 13)) { return; }
      if (ensurePopup(l)) { l.openPopup(e.latlng); }
    });
    container.on('mouseover', function (e) {
      var l = e.layer || e.propagatedFrom;
      if (l && l.sitmapProps && ensureTooltip(l)) { l.openTooltip(e.latlng); }
    });
    return container;
  }

  function geoLayer(geom, style, p) {
    return decorate(L.geoJSON({ type: 'Feature', geometry: geom, properties: {} }, {
      style: function () { return style; },
      pointToLayer: function (f, ll) { return L.circleMarker(ll, style); }
    }), p);
  }

  /* Diagonal hatch fills: one SVG <pattern> per colour in a hidden document-level <svg>. */
  function hatchId(color) {
    var id = 'sm-hatch-' + String(color).replace(/[^0-9a-zA-Z]/g, '');
    if (!document.getElementById(id)) {
      var ns = 'http://www.w3.org/2000/svg', defs = document.getElementById('sm-hatches');
      if (!defs) {
        var svg = document.createElementNS(ns, 'svg');
        svg.setAttribute('width', '0'); svg.setAttribute('height', '0');
        svg.style.position = 'absolute';
        defs = document.createElementNS(ns, 'defs'); defs.id = 'sm-hatches';
        svg.appendChild(defs); document.body.appendChild(svg);
      }
      var pat = document.createElementNS(ns, 'pattern');
      pat.id = id; pat.setAttribute('patternUnits', 'userSpaceOnUse');
      pat.setAttribute('width', '8'); pat.setAttribute('height', '8');
      pat.setAttribute('patternTransform', 'rotate(45)');
      var line = document.createElementNS(ns, 'rect');
      line.setAttribute('width', '3'); line.setAttribute('height', '8');
      line.setAttribute('fill', color); line.setAttribute('fill-opacity', '0.6');
      pat.appendChild(line); defs.appendChild(pat);
    }
    return id;
  }
  function hatch(layer, color) {
    var id = hatchId(color);
    function fill(l) { if (l._path) { l._path.setAttribute('fill', 'url(#' + id + ')');
      l._path.setAttribute('fill-opacity', '1'); } }
    layer.on('add', function () { if (layer.eachLayer) { layer.eachLayer(fill); } else { fill(layer); } });
  }

  /* An 8-pixel canvas pattern in one colour, made once per (kind, colour): paint(x, safe)
     draws on the tile's 2D context with the colour checked against COLOR_RE. */
  var CANVAS_PATTERNS = {};
  function canvasPattern(kind, color, paint) {
    var key = kind + ' ' + color;
    if (!CANVAS_PATTERNS[key]) {
      var c = document.createElement('canvas');
      c.width = 8; c.height = 8;
      var x = c.getContext('2d');
      paint(x, COLOR_RE.test(color) ? color : '#555555');
      CANVAS_PATTERNS[key] = x.createPattern(c, 'repeat');
    }
    return CANVAS_PATTERNS[key];
  }

  /* The same diagonal hatch as a canvas pattern (fillStyle) for canvas-drawn areas. */
  function canvasHatch(color) {
    return canvasPattern('hatch', color, function (x, safe) {
      x.strokeStyle = safe;
      x.globalAlpha = 0.6; x.lineWidth = 3;
      x.beginPath();
      [[-4, 4, 4, -4], [0, 8, 8, 0], [4, 12, 12, 4]].forEach(function (s) {
        x.moveTo(s[0], s[1]); x.lineTo(s[2], s[3]);
      });
      x.stroke();
    });
  }
  S.canvasHatch = canvasHatch;

  /* Dots (disputed) as a canvas pattern: on big maps, where control rings are not drawn
     (LaterCanvas, S.OUTLINE_MAX), the fill alone still tells disputed from held. */
  function canvasDots(color) {
    return canvasPattern('dots', color, function (x, safe) {
      x.fillStyle = safe;
      x.globalAlpha = 0.7;
      x.beginPath();
      x.arc(4, 4, 1.6, 0, Math.PI * 2);
      x.fill();
    });
  }
  S.canvasDots = canvasDots;

  /* An incident marker's look: symbol by type, hollow when claimed, faint when unsure. */
  function markerOptions(p, st) {
    var lowConf = p.confidence != null && p.confidence < 0.5;
    var unconfirmed = p.status === 'claimed' || p.status === 'disputed';
    return {
      icon: icon(p.shape, p.color, p.size, { dashed: p.status === 'disputed', hollow: unconfirmed,
        badge: p.precision }),
      title: p.name || '', opacity: lowConf ? 0.6 : 1, alt: labelOf(p, st)
    };
  }

  /* The shaded approximate place around an incident marker (geo precision 2 or 3). */
  function areaOf(m) {
    var p = m.sitmapProps, st = m.sitmapSt;
    return L.circle(m.getLatLng(), {
      /* a dashed outline costs ~2x a solid one on canvas: big maps get solid rings */
      radius: p.radius_m, color: p.color, weight: 1, dashArray: st.bigMap ? null : '4 4',
      fillColor: p.color, fillOpacity: 0.12, interactive: false,
      renderer: st.canvas, pane: 'sm-areas'
    });
  }

  /* Huge maps: 100,000 markers are plain objects until the grid first draws one; only
     then does it get its options (icon, title, alt) and, if it has one, its area. */
  var LazyMarker = L.Marker.extend({
    initialize: function (ll, p, st) {
      this._latlng = ll;
      this.sitmapProps = p;
      this.sitmapSt = st;
      this.sitmapKind = p.kind;
    },
    onAdd: function (map) {
      if (!this._styled) {
        this._styled = true;
        L.setOptions(this, markerOptions(this.sitmapProps, this.sitmapSt));
      }
      L.Marker.prototype.onAdd.call(this, map);
    },
    /* its area, made on first use (null when the place is exact) */
    area: function () {
      if (this.sitmapArea === undefined) {
        this.sitmapArea = this.sitmapProps.radius_m > 0 ? areaOf(this) : null;
      }
      return this.sitmapArea;
    }
  });
  S.LazyMarker = LazyMarker;

  /* A movement's shaft and arrowhead (latlngs) from its [lon, lat] coordinates. */
  function arrowLatLngs(c) {
    var pts = c.map(function (x) { return [x[1], x[0]]; });
    var a = pts[pts.length - 2], e = pts[pts.length - 1];
    var k = Math.cos(e[0] * Math.PI / 180);
    var dx = (a[1] - e[1]) * k, dy = a[0] - e[0], len = Math.sqrt(dx * dx + dy * dy) || 1;
    var barb = Math.min(0.35 * len, 0.2), out = [];
    [-0.45, 0.45].forEach(function (ang) {  /* arrowhead barbs, ±26° off the shaft */
      var ux = (dx * Math.cos(ang) - dy * Math.sin(ang)) / len;
      var uy = (dx * Math.sin(ang) + dy * Math.cos(ang)) / len;
      out.push([e[0] + uy * barb, e[1] + ux * barb / k]);
    });
    return [pts, [out[0], e, out[1]]];
  }

  function lineStyle(p, st) {
    return {
      color: p.color, weight: p.width, opacity: p.confidence != null && p.confidence < 0.5 ? 0.45 : 0.8,
      lineCap: 'round', lineJoin: 'round', dashArray: p.placement === 'border' ? '6 5' : null,
      renderer: st.canvas
    };
  }

  /* Big maps: a movement line that culling may never draw holds only its coordinates and
     bounds; its latlngs, arrowhead and style are made when it is first drawn or asked for. */
  var LazyLine = L.Polyline.extend({
    initialize: function (c, p, st) {
      var s = Infinity, w = Infinity, n = -Infinity, e = -Infinity;
      for (var i = 0; i < c.length; i++) {
        w = Math.min(w, c[i][0]); e = Math.max(e, c[i][0]);
        s = Math.min(s, c[i][1]); n = Math.max(n, c[i][1]);
      }
      this._smCoords = c;
      this._latlngs = [];
      this._bounds = L.latLngBounds([s, w], [n, e]);
      this.sitmapProps = p;
      this.sitmapSt = st;
    },
    _smBuild: function () {
      if (this._smBuilt) { return; }
      this._smBuilt = true;
      L.setOptions(this, lineStyle(this.sitmapProps, this.sitmapSt));
      this._setLatLngs(arrowLatLngs(this._smCoords));
    },
    onAdd: function (map) {
      this._smBuild();
      L.Polyline.prototype.onAdd.call(this, map);
    },
    getLatLngs: function () {
      this._smBuild();
      return L.Polyline.prototype.getLatLngs.call(this);
    }
  });
  S.LazyLine = LazyLine;

  /* Builders: feature → list of [leaflet layer, sub-container name]. */
  var BUILD = {
    incidents: function (f, st) {
      var p = f.properties, out = [];
      if (!f.geometry) { return out; }  /* listed in the event panel only */
      var lowConf = p.confidence != null && p.confidence < 0.5;
      var unconfirmed = p.status === 'claimed' || p.status === 'disputed';
      if (f.geometry.type !== 'Point') {
        /* known only to a border (a segment of the dyad line) or a country (its outline) */
        var area = /Polygon$/.test(f.geometry.type);
        var shape = geoLayer(f.geometry, area ? {
          color: p.color, weight: 1.5, opacity: 0.8, dashArray: '5 5', fillColor: p.color,
          fillOpacity: 0.06, renderer: st.canvas, pane: 'sm-areas'
        } : {
          color: p.color, weight: 7, opacity: lowConf ? 0.45 : 0.7, lineCap: 'butt',
          dashArray: unconfirmed ? '10 6' : null, renderer: st.canvas
        }, p);
        shape.sitmapSt = st;
        return [[shape, 'shapes']];
      }
      var ll = latlng(f.geometry);
      if (st.lazyMarkers) {  /* huge maps: styled, and its area made, when first drawn */
        return [[new LazyMarker(ll, p, st), 'points']];
      }
      var m = decorate(L.marker(ll, markerOptions(p, st)), p);
      m.sitmapKind = p.kind;
      m.sitmapSt = st;
      out.push([m, 'points']);
      if (p.radius_m > 0) { out.push([m.sitmapArea = areaOf(m), 'areas']); }
      return out;
    },
    movements: function (f, st) {
      if (!f.geometry) { return []; }  /* listed in the event panel only */
      var p = f.properties, c = f.geometry.coordinates;
      /* big maps: most lines are culled, so each is made when first drawn */
      var line = st.cull ? new LazyLine(c, p, st)
        : decorate(L.polyline(arrowLatLngs(c), lineStyle(p, st)), p);
      /* degrees spanned, for culling lines too short to see at low zoom (big maps) */
      line.sitmapSpan = Math.max(Math.abs(c[0][0] - c[c.length - 1][0]), Math.abs(c[0][1] - c[c.length - 1][1]));
      line.sitmapSt = st;  // its popup is built from the event table
      return [[line, 'main']];
    },
    control_claims: function (f) {
      var p = f.properties, g = f.geometry;
      if (p.kind === 'border_claim') {
        /* a stated fraction is not a located stretch: thin dashed line, never the whole held */
        var lyr = geoLayer(g, { color: p.color, weight: p.partial ? 1.5 : 5, opacity: 0.7,
          dashArray: p.partial ? '3 7' : '12 8', lineCap: 'butt' }, p);
        var label = L.tooltip({ permanent: true, direction: 'center', className: 'sm-label' });
        label.setContent(textEl('span', p.label));
        var mid = p.anchor ? L.latLng(p.anchor[0], p.anchor[1]) : lyr.getBounds().getCenter();
        var lab = L.marker(mid, { opacity: 0, interactive: false, keyboard: false,
          icon: L.divIcon({ className: 'sm-nolabel', iconSize: [1, 1] }) }).bindTooltip(label);
        return [[lyr, 'main'], [lab, 'main']];
      }
      if (g.type === 'Point' && p.kind === 'crossing') {
        return [[decorate(L.marker(latlng(g), {
          icon: icon(p.status === 'open' ? 'circle' : 'square', p.color, 20, {
            hollow: p.status === 'closed'
          })
        }), p), 'main']];
      }
      if (g.type === 'Point') {
        return [[decorate(L.circle(latlng(g), {
          radius: p.radius_m || 20000, color: p.color, weight: 2, fillColor: p.color,
          fillOpacity: p.status === 'contested' ? 0.15 : 0.3, dashArray: '6 4', pane: 'sm-areas'
        }), p), 'main']];
      }
      return [[geoLayer(g, {
        color: p.color, weight: 2, fillColor: p.color, pane: 'sm-areas',
        fillOpacity: p.status === 'contested' ? 0.15 : 0.3,
        dashArray: p.status === 'contested' ? '6 4' : null
      }, p), 'main']];
    },
    control: function (f, st) {
      /* State of one object in one interval: colour per controller, pattern per status
         (solid confirmed, hatched claimed/reported, dotted disputed). */
      var p = f.properties, g = f.geometry;
      var dotted = p.pattern === 'dotted', hatched = p.pattern === 'hatched';
      var style = { color: p.color, weight: 2.5, fillColor: p.color, pane: 'sm-areas',
        fillOpacity: p.pattern === 'solid' ? 0.45 : 0.2, dashArray: dotted ? '2 5' : null,
        lineCap: dotted ? 'round' : 'butt', className: 'sm-control sm-control-' + p.pattern };
      /* thousands of objects: one canvas (hatching as a canvas pattern), not an SVG path each */
      var onCanvas = st && st.bigMap && p.kind !== 'border_fraction';
      if (onCanvas) {
        style.renderer = st.canvas;
        style.smBatch = 'control|' + p.color + '|' + p.pattern;  /* one path per look */
        if (hatched) { style.fillColor = canvasHatch(p.color); style.fillOpacity = 1; }
        if (dotted) { style.fillColor = canvasDots(p.color); style.fillOpacity = 1; }
      }
      if (p.kind === 'border_fraction') {
        /* a claimed fraction is not a located stretch: thin dashed line and its label */
        var frac = geoLayer(g, { color: p.color, weight: 1.5, opacity: 0.8, dashArray: '3 7',
          className: 'sm-control sm-control-fraction' }, p);
        /* below the line's midpoint: the control-claims label sits on it */
        var label = L.tooltip({ permanent: true, direction: 'bottom', offset: [0, 12],
          className: 'sm-label' });
        label.setContent(textEl('span', p.label));
        var mid = p.anchor ? L.latLng(p.anchor[0], p.anchor[1]) : frac.getBounds().getCenter();
        var lab = L.marker(mid, { opacity: 0, interactive: false, keyboard: false,
          icon: L.divIcon({ className: 'sm-nolabel', iconSize: [1, 1] }) }).bindTooltip(label);
        return [[frac, 'main'], [lab, 'main']];
      }
      if (p.kind === 'border_stretch') {
        return [[geoLayer(g, L.extend({}, style, { weight: 6, opacity: 0.85,
          dashArray: dotted ? '2 8' : hatched ? '10 5' : null }), p), 'main']];
      }
      var lyr;
      if (g.type === 'Point' && p.radius_m > 0) {
        lyr = decorate(L.circle(latlng(g), L.extend({ radius: p.radius_m }, style)), p);
      } else if (g.type === 'Point') {
        lyr = decorate(L.circleMarker(latlng(g), L.extend({}, style, { radius: 9,
          pane: 'markerPane', weight: 3 })), p);
      } else {
        lyr = geoLayer(g, style, p);
      }
      if (hatched && !onCanvas) { hatch(lyr, p.color); }
      return [[lyr, 'main']];
    },
    borders: function (f, st) {
      var p = f.properties;
      /* hundreds of outlines: one canvas, not one SVG path each */
      return [[geoLayer(f.geometry, {
        color: p.color, weight: p.weight, dashArray: p.dash, opacity: p.kind === 'admin2' ? 0.75 : 0.9,
        interactive: p.kind === 'focus' || p.kind === 'international', renderer: st.bcanvas
      }, p), 'main']];
    },
    sites: function (f) {
      var p = f.properties;
      return [[decorate(L.marker(latlng(f.geometry), {
        icon: icon('flag', p.color, 20), title: p.name || ''
      }), p), 'main']];
    },
    places: function (f) {
      var p = f.properties, hollow = p.precision >= 3;
      return [[decorate(L.circleMarker(latlng(f.geometry), {
        radius: 4, color: p.color, weight: 1.5, fillColor: hollow ? '#ffffff' : p.color,
        fillOpacity: 0.8
      }), p), 'main']];
    }
  };

  function addBasemap(st, bm) {
    var pane = 'sm-basemap', out = {};
    /* redrawn after a move in a task of its own, as the borders are (LaterCanvas) */
    var renderer = new LaterCanvas({ pane: pane, padding: 0.3 });
    function gj(fc, style) {
      return L.geoJSON(fc, { pane: pane, interactive: false,
        style: function () { return L.extend({ renderer: renderer }, style); } });
    }
    out.land = L.layerGroup([
      /* coarse world land outside the map's extent, then the extent at full detail */
      gj(bm.context || [], { stroke: false, fillColor: bm.colors.land, fillOpacity: 1 }),
      gj(bm.land, { stroke: false, fillColor: bm.colors.land, fillOpacity: 1 }),
      gj(bm.coastlines || [], { color: bm.colors.water, weight: 0.8, opacity: 0.9, fill: false }),
      gj(bm.countries, { color: bm.colors.country, weight: 0.7, opacity: 0.7, fill: false })
    ]);
    out.water = L.layerGroup([
      gj(bm.lakes, { stroke: false, fillColor: bm.colors.water, fillOpacity: 1 }),
      gj(bm.rivers, { color: bm.colors.water, weight: 1.6, fill: false })
    ]);
    Object.keys(out).forEach(function (k) {
      st.layers['basemap_' + k] = { group: out[k], title: bm.titles[k], group_title: 'Basemap' };
      out[k].addTo(st.map);
    });
  }

  /* Huge maps (more than GRID_ABOVE markers): markers are aggregated on a screen grid
     of CELL pixels, recomputed for the view after every move. A cell holding one
     marker shows it; a cell holding more shows one badge with the count (a click
     zooms to its markers). The work per move is one pass over plain numbers (the
     markers' Web-Mercator positions, computed once) and a few hundred DOM nodes,
     never 100,000 markers: no main-thread stall while zooming or panning.
     Areas (approximate places) follow their marker: drawn only while it is. */
  var GRID_ABOVE = 20000, CELL = 64;
  S.GRID_ABOVE = GRID_ABOVE;

  function mercator(ll) {  /* Web-Mercator pixel at zoom 0 (256 px world) */
    var sin = Math.sin(Math.max(Math.min(ll.lat, 85.0511), -85.0511) * Math.PI / 180);
    return [(ll.lng + 180) / 360 * 256, (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * 256];
  }

  /* Work a move causes, each job in a task of its own, after the move: the grid, the culled
     lines and the URL are redrawn one after the other, so that a zoom or pan never holds
     the page for the sum of them. A job queued again before it ran runs once. */
  function afterMove(fn, ctx) {
    if (fn._smQueued) { return; }
    fn._smQueued = true;
    setTimeout(function () { fn._smQueued = false; fn.call(ctx); }, 0);
  }
  S.afterMove = afterMove;

  /* A canvas that redraws after a move in a task of its own (Sitmap.afterMove): thousands of
     control objects or lines are re-projected and redrawn after the grid and the URL, not
     in the same task. Between the move and the redraw it shows its last image, moved. */
  var LaterCanvas = L.Canvas.extend({
    getEvents: function () {
      var events = L.Canvas.prototype.getEvents.call(this);
      events.zoomend = this._zoomedLater;
      events.moveend = this._movedLater;
      return events;
    },
    _zoomedLater: function () { this._smZoomed = true; },
    _movedLater: function () {
      var self = this;
      self._smMoves = (self._smMoves || 0) + 1;
      self._smRedraw = self._smRedraw || function () {
        /* a view reset since the last move redrew already (Leaflet's _reset, at once) */
        if (!self._map || self._smDrawnAt === self._smMoves) { return; }
        if (!self._smZoomed) { self._update(); return; }
        self._smProject(self._smMoves, Object.keys(self._layers), 0);
      };
      afterMove(self._smRedraw);
    },
    /* After a zoom, Leaflet's _onZoomEnd re-projects every layer at once (6,317 control
       circles: 100-200 ms on a loaded machine), then the canvas redraws. Here the layers
       are projected PROJECT_CHUNK at a time, each run in a task of its own, and the redraw
       comes in the task after the last; a newer move stops the runs (the layers stay to be
       projected: its own redraw projects them all again). */
    _smProject: function (moves, ids, at) {
      var self = this;
      if (!self._map || self._smMoves !== moves || self._smDrawnAt === moves) { return; }
      var end = Math.min(ids.length, at + LaterCanvas.PROJECT_CHUNK);
      for (; at < end; at++) {
        var layer = self._layers[ids[at]];
        if (layer) { layer._project(); }
      }
      if (at < ids.length) {
        setTimeout(function () { self._smProject(moves, ids, at); }, 0);
        return;
      }
      self._smZoomed = false;
      setTimeout(function () {
        if (self._map && self._smMoves === moves && self._smDrawnAt !== moves) { self._update(); }
      }, 0);
    },
    _reset: function () {
      this._smZoomed = false;
      this._smDrawnAt = this._smMoves;
      L.Canvas.prototype._reset.call(this);
    },
    /* Circles of one look drawn one after another (the same options.smBatch key) are one
       path, filled once (non-zero: their union), so overlapping circles are not laid one
       over another. Their outlines are drawn while at most S.OUTLINE_MAX of them are in the
       canvas: software rasterising (no GPU) strokes each ring on its own, and 6,317
       control rings held the page 200-400 ms after every move; at that density the rings
       overlap into one area anyway, whose pattern still tells the status. */
    _updateCircle: function (layer) {
      var key = layer.options.smBatch;
      if (!key) { this._smFlush(); L.Canvas.prototype._updateCircle.call(this, layer); return; }
      if (!this._drawing || layer._empty()) { return; }
      var ctx = this._ctx, p = layer._point, rx = Math.max(Math.round(layer._radius), 1);
      var ry = Math.max(Math.round(layer._radiusY), 1) || rx;
      if (this._smKey !== key) {
        this._smFlush();
        this._smKey = key;
        this._smLead = layer;
        ctx.beginPath();
      }
      ctx.moveTo(p.x + rx, p.y);
      ctx.ellipse(p.x, p.y, rx, ry, 0, 0, Math.PI * 2, false);
    },
    _updatePoly: function (layer, closed) {
      this._smFlush();
      L.Canvas.prototype._updatePoly.call(this, layer, closed);
    },
    _smFlush: function () {
      var lead = this._smLead;
      if (!lead) { return; }
      this._smKey = this._smLead = null;
      var o = lead.options, rule = o.fillRule, stroke = o.stroke;
      o.fillRule = 'nonzero';
      o.stroke = stroke && this._smOutlines;
      this._fillStroke(this._ctx, lead);
      o.fillRule = rule;
      o.stroke = stroke;
    },
    /* Leaflet's loop over the layers (those in the bounds being redrawn, if any), with the
       last batch of circles laid down before the clip is lifted. */
    _draw: function () {
      var bounds = this._redrawBounds, ctx = this._ctx, at, layer, batched = 0;
      for (at = this._drawFirst; at; at = at.next) {  /* in the whole canvas, not the bounds */
        layer = at.layer;
        if (layer.options.smBatch && layer._pxBounds && this._bounds.intersects(layer._pxBounds)) {
          batched += 1;
        }
      }
      this._smOutlines = batched <= S.OUTLINE_MAX;
      ctx.save();
      if (bounds) {
        var size = bounds.getSize();
        ctx.beginPath();
        ctx.rect(bounds.min.x, bounds.min.y, size.x, size.y);
        ctx.clip();
      }
      this._drawing = true;
      this._smKey = this._smLead = null;
      for (at = this._drawFirst; at; at = at.next) {
        layer = at.layer;
        if (!bounds || (layer._pxBounds && layer._pxBounds.intersects(bounds))) { layer._updatePath(); }
      }
      this._smFlush();
      this._drawing = false;
      ctx.restore();
    }
  });
  S.OUTLINE_MAX = 1000;  /* circles of a batch in the canvas up to which rings are drawn */
  LaterCanvas.PROJECT_CHUNK = 2500;  /* layers projected per task after a zoom */
  S.LaterCanvas = LaterCanvas;

  /* the grid's x index: 2^21 steps per zoom-0 pixel, x within 512 of the world (256 px),
     2^20 members */
  var STEPS = 2097152, OFFSET = 512, SLOTS = 1048576;
  /* The first index of sorted *xs* whose value is >= x (> x with *after*). */
  function lowerBound(xs, x, after) {
    var lo = 0, hi = xs.length;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (after ? xs[mid] <= x : xs[mid] < x) { lo = mid + 1; } else { hi = mid; }
    }
    return lo;
  }

  var GridGroup = L.FeatureGroup.extend({
    initialize: function (opts) {
      L.FeatureGroup.prototype.initialize.call(this);
      this._opts = opts || {};
      this._members = [];
      this._shown = new Set();  /* what it shows: drawn now, or queued to be drawn */
      this._drawn = new Set();  /* what is on the map */
      this._gen = 0;  /* a redraw stops the queue of the one before */
      this._badges = [];
      this._follow = null;
      this._queued = false;
    },
    /* the same bulk API as MarkerCluster's, used by Sitmap.refresh */
    addLayers: function (ls) {
      for (var i = 0; i < ls.length; i++) {
        var l = ls[i];
        if (l._gx == null) {
          var g = mercator(l.getLatLng());
          l._gx = g[0]; l._gy = g[1];
          this._members.push(l);
          this._byX = null;  /* the index below is made again */
        }
        l._gOn = true;
      }
      this._queue();
      return this;
    },
    removeLayers: function (ls) {
      for (var i = 0; i < ls.length; i++) { ls[i]._gOn = false; }
      this._queue();
      return this;
    },
    addLayer: function (l) { return this.addLayers([l]); },
    removeLayer: function (l) { return this.removeLayers([l]); },
    hasLayer: function (l) { return this._shown.has(l); },
    /* the panel asks a cluster to show one marker: it is drawn whatever its cell */
    zoomToShowLayer: function (l, done) { this._reveal = l; this.redraw(); if (done) { done(); } },
    onAdd: function (map) {
      this._map = map;
      map.on('moveend', this._moved, this);
      this.redraw();
    },
    _moved: function () {
      var self = this;
      self._redrawLater = self._redrawLater || function () { self.redraw(); };
      afterMove(self._redrawLater);
    },
    onRemove: function (map) {
      map.off('moveend', this._moved, this);
      this._clear();
      this._map = null;
    },
    _queue: function () {
      var self = this;
      if (self._queued) { return; }
      self._queued = true;
      Promise.resolve().then(function () { self._queued = false; self.redraw(); });
    },
    /* Drawing and undrawing bypass FeatureGroup.addLayer and removeLayer, which ask hasLayer
       (overridden above: "is it counted", true for a marker queued to be drawn) and so would
       leave markers off the map, or badges and markers on it. */
    _draw: function (l) {
      if (this._drawn.has(l)) { return; }
      this._drawn.add(l);
      l.addEventParent(this);
      L.LayerGroup.prototype.addLayer.call(this, l);
      this.fire('layeradd', { layer: l });
    },
    _undraw: function (l) {
      if (!this._drawn.delete(l)) { return; }
      l.removeEventParent(this);
      L.LayerGroup.prototype.removeLayer.call(this, l);
    },
    _clear: function () {
      var self = this;
      self._gen += 1;
      self._drawn.forEach(function (l) { self._undraw(l); });
      self._shown = new Set();
      self._badges = [];
      self._badgeByKey = new Map();
    },
    /* Markers and badges are drawn DRAW_CHUNK at a time, each run in a task of its own: a
       zoom that brings a thousand markers into view does not hold the page while their
       icons are made. The first run is in the redraw's task (the panel's marker first). */
    _drawQueued: function (todo) {
      var self = this, gen = ++this._gen, at = 0;
      function run() {
        if (gen !== self._gen || !self._map) { return; }
        var end = Math.min(todo.length, at + GridGroup.DRAW_CHUNK);
        for (; at < end; at++) { self._draw(todo[at]); }
        if (at < todo.length) { setTimeout(run, 0); }
      }
      run();
    },
    redraw: function () {
      var map = this._map, self = this;
      if (!map) { return; }
      if (this._opts.follows) { this._drawFollowing(); return; }
      var z = map.getZoom(), scale = Math.pow(2, z);
      var pb = map.getPixelBounds(), pad = CELL * 2;
      var x0 = pb.min.x - pad, y0 = pb.min.y - pad, x1 = pb.max.x + pad, y1 = pb.max.y + pad;
      var single = z >= map.getMaxZoom(), cells = new Map(), ms = this._members;
      var slack = 1e-9 * Math.max(1, Math.abs(x0), Math.abs(x1)) / scale;
      var near = this._inColumns(x0 / scale - slack, x1 / scale + slack);
      for (var j = 0; j < near.length; j++) {
        var i = near[j], l = ms[i];
        if (!l._gOn) { continue; }
        var x = l._gx * scale, y = l._gy * scale;
        if (x < x0 || x > x1 || y < y0 || y > y1) { continue; }
        /* a number, not a string, per cell (no text made per marker): cell column and row
           (both >= 0, below 2^26 up to zoom 22); a marker drawn alone gets a negative key */
        var key = single || l === this._reveal ? -1 - i
          : Math.floor(x / CELL) * 67108864 + Math.floor(y / CELL);
        var c = cells.get(key);
        if (!c) { cells.set(key, { n: 1, first: l, sx: x, sy: y, layers: null }); continue; }
        if (c.n === 1) { c.layers = [c.first]; }
        c.n += 1; c.sx += x; c.sy += y; c.layers.push(l);
      }
      /* a badge already drawn for the same count at the same spot is kept (a pan redraws
         only the cells that came into view) */
      var next = new Set(), badges = [], byKey = new Map(), old = this._badgeByKey || new Map();
      var todo = [];
      cells.forEach(function (c, key) {
        if (c.n === 1) { next.add(c.first); return; }
        var id = z + '|' + Math.round(c.sx / c.n) + '|' + Math.round(c.sy / c.n) + '|' + c.n;
        var b = old.get(id);
        if (b) { old.delete(id); } else { b = self._badge(c); }
        if (!self._drawn.has(b)) { todo.push(b); }
        b._smCell = c;
        byKey.set(id, b);
        badges.push(b);
      });
      var kept = new Set(badges);
      this._drawn.forEach(function (l) { if (!next.has(l) && !kept.has(l)) { self._undraw(l); } });
      next.forEach(function (l) { if (!self._drawn.has(l)) { todo.push(l); } });
      if (this._reveal && next.has(this._reveal) && !this._drawn.has(this._reveal)) {
        todo.unshift(this._reveal);  /* drawn now: the panel opens its popup */
      }
      this._shown = next;
      this._badges = badges;
      this._badgeByKey = byKey;
      this._drawQueued(todo);
      if (this._follow) { this._follow.redraw(); }
    },
    /* The members whose x (zoom-0 Web-Mercator) lies in [lo, hi] (and a few just outside),
       in member order: a slice of an index sorted by x, made once (again after new members),
       then put back in member order, so cells fill exactly as a pass over every member
       would fill them (redraw tests every x itself). The index is one native sort of
       whole numbers below 2^51: x + 512 in steps of 2^-21 (its floor) times 2^20, plus the
       member's number. */
    _inColumns: function (lo, hi) {
      var ms = this._members, n = ms.length, k;
      if (!this._byX || this._byX.length !== n) {
        var order = new Uint32Array(n), xs = new Float64Array(n);
        var keys = new Float64Array(n), packed = n < SLOTS;
        for (k = 0; k < n && packed; k++) {
          var gx = ms[k]._gx + OFFSET;
          packed = gx >= 0 && gx < 2 * OFFSET;
          keys[k] = Math.floor(gx * STEPS) * SLOTS + k;
        }
        if (packed) {
          keys.sort();
          for (k = 0; k < n; k++) {
            order[k] = keys[k] % SLOTS;
            xs[k] = Math.floor(keys[k] / SLOTS) / STEPS - OFFSET;
          }
        } else {  /* a million members or more, or x far off the world: a plain sort */
          for (k = 0; k < n; k++) { order[k] = k; }
          order.sort(function (a, b) { return ms[a]._gx - ms[b]._gx || a - b; });
          for (k = 0; k < n; k++) {
            xs[k] = Math.floor((ms[order[k]]._gx + OFFSET) * STEPS) / STEPS - OFFSET;
          }
        }
        this._byX = order; this._xs = xs;
      }
      var from = lowerBound(this._xs, lo - 2 / STEPS), to = lowerBound(this._xs, hi, true);
      return this._byX.slice(from, to).sort();
    },
    _badge: function (c) {
      var map = this._map;
      var at = map.unproject([c.sx / c.n, c.sy / c.n], map.getZoom());
      var b = L.marker(at, { icon: clusterIcon({ getChildCount: function () { return c.n; } }),
        title: c.n + ' events: click to zoom in', keyboard: true });
      b.on('click keypress', function () {
        var bounds = L.latLngBounds(b._smCell.layers.map(function (l) { return l.getLatLng(); }));
        map.fitBounds(bounds, { maxZoom: map.getMaxZoom(), animate: false, padding: [40, 40] });
      });
      return b;
    },
    /* areas: shown while their marker is shown on its own */
    _drawFollowing: function () {
      var self = this, lead = this._opts.follows, next = new Set();
      lead._shown.forEach(function (m) {
        var a = m.area ? m.area() : m.sitmapArea;  /* shown alone: it passes the filters */
        if (a) { next.add(a); }
      });
      this._shown.forEach(function (l) { if (!next.has(l)) { self._undraw(l); } });
      next.forEach(function (l) { if (!self._shown.has(l)) { self._draw(l); } });
      this._shown = next;
    }
  });
  GridGroup.DRAW_CHUNK = 200;
  S.GridGroup = GridGroup;

  function isGrid(c) { return c instanceof GridGroup; }
  S.isGrid = isGrid;

  /* A neutral cluster badge (the plugin's green/yellow/orange read as event colours). */
  function clusterIcon(cluster) {
    var n = Number(cluster.getChildCount()), s = n < 10 ? 26 : n < 100 ? 32 : 38;
    return L.divIcon({ html: '<div><span>' + n + '</span></div>', className: 'sm-cluster',
      iconSize: [s, s] });
  }

  function isCluster(c) { return !!(c && c.zoomToShowLayer); }
  S.isCluster = isCluster;

  /* A column as a plain array: a coded one ({k: distinct values, i: codes}, layers.map.coded)
     is looked up; one value in every row ({k: [value], n: rows}) is repeated. */
  function decode(c) {
    if (!c || Array.isArray(c)) { return c; }
    if (c.n != null) { return new Array(c.n).fill(c.k[0]); }
    return c.i.map(function (j) { return c.k[j]; });
  }
  function decodeTable(t) {
    var out = {};
    Object.keys(t || {}).forEach(function (k) { out[k] = decode(t[k]); });
    return out;
  }

  /* A layer's features one by one: GeoJSON, or an event layer's columns (layers.map.to_columns)
     read back into the same feature objects (null and false properties left out). A property
     the popup table already holds (rows.from_events, layers.map._names_from_events) is read
     from it: for a list, its first item. */
  function eachFeature(spec, fn, events) {
    if (spec.features) { spec.features.features.forEach(fn); return; }
    var r = spec.rows, keys = Object.keys(r.props), cols = keys.map(function (k) { return decode(r.props[k]); });
    var from = r.from_events || {}, derived = Object.keys(from).filter(function (k) {
      return events && events[from[k]];
    });
    /* Every row's object starts as a copy of one template holding every key (undefined):
       100,000 objects of one shape, not dictionaries grown key by key (less memory, less
       garbage collection while a big map loads). A missing property still reads undefined. */
    var template = {};
    keys.concat(derived).forEach(function (k) { template[k] = undefined; });
    for (var i = 0; i < r.n; i++) {
      var p = Object.assign({}, template);
      for (var k = 0; k < keys.length; k++) {
        var v = cols[k][i];
        if (v != null && v !== false) { p[keys[k]] = v; }
      }
      for (var d = 0; d < derived.length; d++) {
        var got = p.ev == null ? null : events[from[derived[d]]][p.ev];
        if (Array.isArray(got)) { got = got[0]; }
        if (got != null) { p[derived[d]] = got; }
      }
      var g = r.geom[i];
      if (g && g.length === 2 && typeof g[0] === 'number') { g = { type: 'Point', coordinates: g }; }
      fn({ type: 'Feature', geometry: g || null, properties: p });
    }
  }
  S.eachFeature = eachFeature;
  function featureCount(spec) { return spec.features ? spec.features.features.length : spec.rows.n; }

  function buildLayer(st, spec) {
    var top = L.layerGroup(), subs = {};
    var n = featureCount(spec);
    var huge = spec.cluster && n > (st.cfg.grid_above != null ? st.cfg.grid_above : GRID_ABOVE);
    function sub(name) {
      if (!subs[name] && huge && (name === 'points' || name === 'areas')) {
        subs[name] = name === 'points' ? new GridGroup() : new GridGroup({ follows: sub('points') });
        if (name === 'areas') { subs.points._follow = subs[name]; }
        lazy(subs[name]);
        /* what the filters changed while the group was off the map is applied on its return */
        subs[name].on('add', function () { if (st.ready) { S.refresh(st); } });
        top.addLayer(subs[name]);
      }
      if (!subs[name]) {
        subs[name] = (name === 'points' && spec.cluster)
          ? L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false,
            animate: false,  /* no zoom animations: cheaper on big maps, opens popups reliably */
            /* few events: group only markers that (nearly) coincide */
            maxClusterRadius: n > 500 ? 40 : 22,
            iconCreateFunction: clusterIcon })
          : L.featureGroup();
        lazy(subs[name]);
        if (isCluster(subs[name])) {
          /* what the filters changed while the group was off the map is applied on its return */
          subs[name].on('add', function () { if (st.ready) { S.refresh(st); } });
        }
        top.addLayer(subs[name]);
      }
      return subs[name];
    }
    st.layers[spec.name] = { group: top, title: spec.title, group_title: spec.group, subs: subs,
      count: n };
    /* The group goes on the map before its markers: MarkerCluster then clusters them in bulk.
       Added while off the map, it would scan its pending list for every marker (quadratic). */
    top.addTo(st.map);
    var build = BUILD[spec.name];
    st.bigMap = n > 2000;
    st.lazyMarkers = huge;
    if (huge) { sub('areas'); }
    if (spec.name === 'movements' && n > 2000) { st.cull = true; }
    var batches = {};
    /* loops, not a closure per feature and part: 100,000 features on a big map */
    eachFeature(spec, function (f) {
      var parts = build(f, st), items = [], anyCulled = false;
      for (var i = 0; i < parts.length; i++) {
        var pair = parts[i];
        sub(pair[1]);
        /* culled lines are drawn by S.recull once the view is known */
        pair[0]._smOn = !culled(st, pair[0]);
        if (pair[0]._smOn) { (batches[pair[1]] = batches[pair[1]] || []).push(pair[0]); } else { anyCulled = true; }
        items.push([pair[0], subs[pair[1]]]);
      }
      if (spec.time_aware) {
        var p = f.properties;
        st.entries.push({ t0: p.t0 || null, t1: p.t1 || p.t0 || null, items: items, shown: true,
          layer: spec.name, id: p.event_id || p.id, props: p, geom: f.geometry,
          asOf: !!spec.as_of, until: p.until || null });
        /* the entries S.recull looks at after a move (not the 100,000 incidents) */
        if (anyCulled) {
          (st.cullEntries = st.cullEntries || []).push(st.entries[st.entries.length - 1]);
        }
      }
    }, st.cfg.events);
    st.lazyMarkers = false;
    Object.keys(batches).forEach(function (k) {
      var c = subs[k];
      if (c.addLayers) { c.addLayers(batches[k]); } else { batches[k].forEach(function (l) { c.addLayer(l); }); }
    });
    if (!spec.visible) { st.map.removeLayer(top); }
  }

  /* Big maps: a movement line is drawn only when it is in (or near) the view and long
     enough to see, and at most MAX_LINES of them (the longest) at a time; the canvas
     then re-projects a few hundred lines on zoom, not 25,000. Their events stay
     listed and marked by their incidents. */
  var MAX_LINES = 800;
  function culled(st, l) { return st.cull && l.sitmapSpan != null; }

  /* The culled lines in one index, built once: each line's entry, its bounds in a typed
     array and the lines' order by span, longest first. */
  function cullIndex(st) {
    if (st.cullIdx) { return st.cullIdx; }
    var lines = [], ents = [];
    (st.cullEntries || st.entries).forEach(function (e) {
      e.items.forEach(function (it) { if (culled(st, it[0])) { lines.push(it[0]); ents.push(e); } });
    });
    var n = lines.length, box = new Float64Array(4 * n), span = new Float64Array(n);
    lines.forEach(function (l, i) {
      var b = l.getBounds();
      box[4 * i] = b.getSouth(); box[4 * i + 1] = b.getWest();
      box[4 * i + 2] = b.getNorth(); box[4 * i + 3] = b.getEast();
      span[i] = l.sitmapSpan;
    });
    var order = lines.map(function (_, i) { return i; });
    order.sort(function (a, b) { return span[b] - span[a] || a - b; });  /* stable: ties in entry order */
    st.cullIdx = { lines: lines, ents: ents, box: box, span: span, order: order };
    return st.cullIdx;
  }

  /* The culled lines to draw now (a Set), from the entries the filters show: the longest
     MAX_LINES of those long enough to see in (or near) the view. */
  function linesWanted(st) {
    var px = 256 * Math.pow(2, st.map.getZoom()) / 360, idx = cullIndex(st), out = new Set();
    var cb = st.cullBounds, s = -Infinity, w = -Infinity, n = Infinity, e = Infinity;
    if (cb) { s = cb.getSouth(); w = cb.getWest(); n = cb.getNorth(); e = cb.getEast(); }
    var box = idx.box, order = idx.order;
    for (var k = 0; k < order.length && out.size < MAX_LINES; k++) {
      var i = order[k];
      if (idx.span[i] * px < 4) { break; }  /* longest first: the rest are shorter */
      if (!idx.ents[i].shown) { continue; }
      if (box[4 * i + 2] < s || box[4 * i] > n || box[4 * i + 3] < w || box[4 * i + 1] > e) { continue; }
      out.add(idx.lines[i]);
    }
    return out;
  }

  /* After a move: only the culled lines change (no filter, no listener, no panel work). */
  S.recull = function (st) {
    var want = linesWanted(st), add = new Map(), remove = new Map();
    function push(map, c, l) { if (!map.has(c)) { map.set(c, []); } map.get(c).push(l); }
    (st.cullEntries || st.entries).forEach(function (e) {
      e.items.forEach(function (it) {
        var l = it[0], c = it[1];
        if (!culled(st, l)) { return; }
        var on = want.has(l);
        if (on === l._smOn) { return; }
        l._smOn = on;
        push(on ? add : remove, c, l);
      });
    });
    remove.forEach(function (ls, c) { ls.forEach(function (l) { c.removeLayer(l); }); });
    add.forEach(function (ls, c) { ls.forEach(function (l) { c.addLayer(l); }); });
  };

  /* Is an entry inside the time window? Undated entries always are. */
  function inWindow(st, e) {
    if (!e.t0 || !st.window) { return true; }
    /* as-of layers (control): the state holding on the window's last day */
    if (e.asOf) { return e.t0 <= st.window.end && !(e.until && e.until <= st.window.end); }
    return !(e.t1 < st.window.start || e.t0 > st.window.end);
  }
  S.inWindow = inWindow;

  /* Show what the time window and the panel's filters let through (Sitmap.setWindow,
     Sitmap.setFilter); listeners hear (window, shown, total). */
  S.refresh = function (st) {
    var add = new Map(), remove = new Map(), shown = 0;
    function push(map, c, l) { if (!map.has(c)) { map.set(c, []); } map.get(c).push(l); }
    st.entries.forEach(function (e) {
      /* as-of layers (control) show their state whatever the panel filters */
      var vis = inWindow(st, e) && (e.asOf || !st.filter || st.filter(e));
      e.shown = vis;
      if (vis && !e.asOf) { shown += 1; }
      e.items.forEach(function (it) {
        var l = it[0], c = it[1], want = vis;
        if (culled(st, l)) { return; }  /* S.recull below */
        if (want === l._smOn) { return; }
        if (isCluster(c) && !c._map) { return; }  /* applied when the group is back */
        l._smOn = want;
        push(want ? add : remove, c, l);
      });
    });
    remove.forEach(function (ls, c) {
      if (c.removeLayers) { c.removeLayers(ls); } else { ls.forEach(function (l) { c.removeLayer(l); }); }
    });
    add.forEach(function (ls, c) {
      if (c.addLayers) { c.addLayers(ls); } else { ls.forEach(function (l) { c.addLayer(l); }); }
    });
    if (st.cull) { S.recull(st); }
    st.shownCount = shown;
    var total = st.entries.filter(function (e) { return !e.asOf; }).length;
    st.listeners.forEach(function (fn) { fn(st.window, shown, total); });
    return shown;
  };

  /* Show what overlaps [start, end] (ISO dates; null = open). Undated stays visible. */
  S.setWindow = function (st, start, end) {
    st.window = { start: start || st.time.min, end: end || st.time.max };
    return S.refresh(st);
  };

  /* A predicate over entries (null: no filter), e.g. from the event panel. */
  S.setFilter = function (st, fn) {
    st.filter = fn || null;
    return S.refresh(st);
  };

  /* The theatre switcher: one button per cluster of events; a press fits it. */
  S.theatres = function (map, opts) {
    var st = S.state(map);
    var Ctl = L.Control.extend({
      options: { position: opts.position },
      onAdd: function () {
        var box = L.DomUtil.create('div', 'sm-box sm-theatres leaflet-control');
        box.setAttribute('role', 'group');
        box.setAttribute('aria-label', opts.title);
        var det = document.createElement('details');
        /* open when the map starts on one theatre of several (and has the room) */
        det.open = !!opts.switch && map.getSize().y >= 600;
        det.appendChild(textEl('summary', opts.title + ' (' + opts.theatres.length + ')'));
        box.appendChild(det);
        var all = null;
        function go(b, btn) {
          fit(map, b, [60, 16], [Math.min(252, map.getSize().x * 0.35), 40]);
          Array.prototype.forEach.call(box.querySelectorAll('button'), function (x) {
            x.setAttribute('aria-pressed', x === btn ? 'true' : 'false');
          });
          st.theatre = btn ? btn.dataset.index : null;
          map.fire('sitmap:view');
        }
        opts.theatres.forEach(function (t, i) {
          var b = textEl('button', t.name + ' (' + t.count + ')');
          b.type = 'button'; b.dataset.index = String(i);
          b.setAttribute('aria-pressed', opts.switch && i === 0 ? 'true' : 'false');
          b.title = 'Show ' + t.name + ': ' + t.count + ' events';
          b.addEventListener('click', function () { go(t.bounds, b); });
          det.appendChild(b);
          all = all ? all.extend(L.latLngBounds(t.bounds)) : L.latLngBounds(t.bounds);
        });
        var every = textEl('button', 'All theatres');
        every.type = 'button'; every.dataset.index = 'all';
        every.addEventListener('click', function () { go(all, every); });
        det.appendChild(every);
        st.showTheatre = function (i) {
          var b = box.querySelector('button[data-index="' + i + '"]');
          if (b) { b.click(); }
        };
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      }
    });
    new Ctl().addTo(map);
  };

  /* Re-fit the initial view with room for the controls (called once they are added). */
  S.fitView = function (map) {
    var st = S.state(map);
    if (st && st.hashView) {  /* a view from the URL fragment wins */
      map.setView(st.hashView.center, st.hashView.zoom, { animate: false });
      return;
    }
    if (!st || !st.cfg.bounds) { return; }
    var c = map.getContainer(), size = map.getSize();
    function widest(sel) {
      var w = 0;
      Array.prototype.forEach.call(c.querySelectorAll(sel), function (el) {
        w = Math.max(w, el.offsetWidth);
      });
      return w;
    }
    var right = Math.min(widest('.leaflet-right .leaflet-control:not(.leaflet-control-attribution)') + 12,
      size.x * 0.35);
    var left = Math.min(widest('.leaflet-top.leaflet-left .leaflet-control') + 12, size.x * 0.2);
    var panel = c.querySelector('.sm-panel');
    if (panel && c.classList.contains('sm-panel-open')) { left += panel.offsetWidth; }
    var bottom = 0;  /* the time window and scale, bottom left */
    Array.prototype.forEach.call(c.querySelectorAll('.leaflet-bottom.leaflet-left .leaflet-control'),
      function (el) { bottom += el.offsetHeight + 10; });
    fit(map, st.cfg.bounds, [left, 16], [right, Math.max(28, Math.min(bottom, size.y * 0.3))]);
  };

  /* fitBounds without animation; a shift at the same zoom is a cheap pan (no re-projection). */
  function fit(map, bounds, topLeft, bottomRight) {
    var opts = { paddingTopLeft: topLeft, paddingBottomRight: bottomRight, animate: false };
    if (map._loaded && map._getBoundsCenterZoom) {
      var target = map._getBoundsCenterZoom(L.latLngBounds(bounds), opts);
      if (target.zoom === map.getZoom()) {
        var shift = map.latLngToContainerPoint(target.center)
          .distanceTo(map.latLngToContainerPoint(map.getCenter()));
        if (shift >= 1) { map.panTo(target.center, { animate: false }); }  // else: no redraw
        return;
      }
    }
    map.fitBounds(bounds, opts);
  }

  /* Run fn once the map's layers exist (now, or when Sitmap.init has run). */
  S.pending = S.pending || {};
  S.ready = function (map, fn) {
    var id = map.getContainer().id;
    if (S.states[id]) { fn(); } else { (S.pending[id] = S.pending[id] || []).push(fn); }
  };

  /* The layers' config from its <script> block: plain JSON (synchronous), or, for big
     maps, gzip + base64 unpacked by the browser's own DecompressionStream (no network). */
  S.loadConfig = function (el, done) {
    if (el.getAttribute('data-encoding') !== 'gzip+base64') {
      done(JSON.parse(el.textContent));
      return;
    }
    if (typeof DecompressionStream === 'undefined') {
      var msg = textEl('div', 'This large map needs a browser with DecompressionStream ' +
        '(Chrome/Edge 80+, Firefox 113+, Safari 16.4+).', 'sm-box');
      document.body.insertBefore(msg, document.body.firstChild);
      return;
    }
    var bin = atob(el.textContent.trim()), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    new Response(stream).text().then(function (text) { done(JSON.parse(text)); })
      .catch(function (err) { console.error('sitmap: cannot unpack the map data', err); });
  };

  S.state = function (map) { return S.states[map.getContainer().id]; };

  S.init = function (map, cfg) {
    var st = { map: map, cfg: cfg, layers: {}, entries: [], listeners: [], time: cfg.time,
      canvas: new LaterCanvas({ padding: 0.2 }) };
    S.states[map.getContainer().id] = st;
    S.last = st;
    if (cfg.events) { cfg.events = decodeTable(cfg.events); cfg.sources = decodeTable(cfg.sources); }
    if (cfg.control) {
      Object.keys(cfg.control).forEach(function (k) { cfg.control[k] = decodeTable(cfg.control[k]); });
    }
    map.createPane('sm-basemap').style.zIndex = 150;
    map.getPane('sm-basemap').style.pointerEvents = 'none';
    map.createPane('sm-borders').style.zIndex = 380;
    map.createPane('sm-areas').style.zIndex = 390;
    st.bcanvas = new LaterCanvas({ pane: 'sm-borders', padding: 0.3 });
    /* Fit before any layer is drawn (estimated room for the controls; Sitmap.fitView
       corrects it once they exist), so the layers are projected once. */
    if (cfg.bounds) {
      var w = map.getSize().x;
      var h = map.getSize().y;
      /* the event panel opens on wide maps (layers/static/panel.js): leave its room */
      var panelRoom = cfg.panel && w >= 760 ? 320 : 0;
      fit(map, cfg.bounds, [Math.min(46, w * 0.2) + panelRoom, 16],
        [Math.min(252, w * 0.35), Math.max(28, Math.min(190, h * 0.3))]);
    }
    if (cfg.offline) { map.getContainer().classList.add('sm-offline'); }
    if (cfg.basemap) { addBasemap(st, cfg.basemap); }
    cfg.layers.forEach(function (spec) { buildLayer(st, spec); });
    if (st.cull) {
      var recull = function () { st.cullBounds = map.getBounds().pad(0.5); S.recull(st); };
      st.cullBounds = map.getBounds().pad(0.5);
      map.on('moveend', function () { afterMove(recull); });
    }
    st.ready = true;
    if (cfg.attribution) { map.attributionControl.addAttribution(cfg.attribution); }
    if (cfg.time && (cfg.time.start || cfg.time.end || st.cull)) {
      S.setWindow(st, cfg.time.start, cfg.time.end);
    }
    var queued = S.pending[map.getContainer().id] || [];
    delete S.pending[map.getContainer().id];
    queued.forEach(function (fn) { fn(); });
    return st;
  };
})();
