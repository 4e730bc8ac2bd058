/* sitmap: draws the layers of a situation map from JSON built in Python.
 *
 * Data arrives only through Jinja's |tojson (see layers/templates/layers.js.j2).
 * Popup HTML was escaped in Python (layers/text.py); every other string from an
 * article reaches the DOM through textContent here, never innerHTML.
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
    return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="' + s +
      '" height="' + s + '"' + rot + '>' + draw(attrs) + '</svg>';
  }
  S.symbol = symbol;

  function textEl(tag, text, cls) {
    var el = document.createElement(tag);
    el.textContent = text == null ? '' : String(text);
    if (cls) { el.className = cls; }
    return el;
  }
  S.textEl = textEl;

  var ICONS = {};
  /* Icons are shared between markers of the same look (10,000 markers, a few dozen icons). */
  function icon(shape, color, size, opts) {
    var s = Number(size) || 16;
    opts = opts || {};
    var key = [shape, color, s, opts.hollow ? 1 : 0, opts.dashed ? 1 : 0, opts.rotate || 0].join('|');
    if (!ICONS[key]) {
      ICONS[key] = L.divIcon({
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

  var POPUP_OPTS = { maxWidth: 380, className: 'sm-popup-wrap' };

  /* The layer's popup, bound now if it was not yet (null when it has none). */
  function ensurePopup(layer) {
    var p = layer.sitmapProps;
    var html = p && (p.popup || (p.popup_ref && layer.sitmapSt && layer.sitmapSt.popups[p.event_id]));
    if (!layer.getPopup() && html) { layer.bindPopup(html, POPUP_OPTS); }
    return layer.getPopup() || null;
  }
  S.ensurePopup = ensurePopup;

  function ensureTooltip(layer) {
    var p = layer.sitmapProps;
    if (!layer.getTooltip() && p && p.label && layer.bindTooltip) {
      layer.bindTooltip(function () { return textEl('span', p.label); });  // built on hover
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

  /* Builders: feature → list of [leaflet layer, sub-container name]. */
  var BUILD = {
    incidents: function (f, st) {
      var p = f.properties, ll = latlng(f.geometry), out = [];
      if (p.event_id && p.popup) { st.popups[p.event_id] = p.popup; }
      var m = decorate(L.marker(ll, {
        icon: icon(p.shape, p.color, p.size, { dashed: p.precision > 1, hollow: !!p.country_level }),
        title: p.name || ''
      }), p);
      m.sitmapKind = p.kind;
      out.push([m, 'points']);
      if (p.radius_m > 0) {
        out.push([L.circle(ll, {
          /* a dashed outline costs ~2x a solid one on canvas: big maps get solid rings */
          radius: p.radius_m, color: p.color, weight: 1, dashArray: st.bigMap ? null : '4 4',
          fillColor: p.color, fillOpacity: 0.12, interactive: false,
          renderer: st.canvas, pane: 'sm-areas'
        }), 'areas']);
      }
      return out;
    },
    movements: function (f, st) {
      var p = f.properties, c = f.geometry.coordinates;
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
      var line = decorate(L.polyline([pts, [out[0], e, out[1]]], {
        color: p.color, weight: p.width, opacity: 0.8, lineCap: 'round', lineJoin: 'round',
        renderer: st.canvas
      }), p);
      line.sitmapSt = st;  // its popup may be its incident's (popup_ref)
      return [[line, 'main']];
    },
    control_claims: function (f) {
      var p = f.properties, g = f.geometry;
      if (p.kind === 'border_claim') {
        var lyr = geoLayer(g, { color: p.color, weight: 5, opacity: 0.7, dashArray: '12 8',
          lineCap: 'butt' }, p);
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
    var renderer = L.canvas({ pane: pane, padding: 0.3 });
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

  /* A neutral cluster badge (the plugin's green/yellow/orange read as event colours). */
  function clusterIcon(cluster) {
    var n = Number(cluster.getChildCount()), s = n < 10 ? 26 : n < 100 ? 32 : 38;
    return L.divIcon({ html: '<div><span>' + n + '</span></div>', className: 'sm-cluster',
      iconSize: [s, s] });
  }

  function buildLayer(st, spec) {
    var top = L.layerGroup(), subs = {};
    function sub(name) {
      if (!subs[name]) {
        subs[name] = (name === 'points' && spec.cluster)
          ? L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false,
            /* few events: group only markers that (nearly) coincide */
            maxClusterRadius: spec.features.features.length > 500 ? 40 : 22,
            iconCreateFunction: clusterIcon })
          : L.featureGroup();
        lazy(subs[name]);
        top.addLayer(subs[name]);
      }
      return subs[name];
    }
    var build = BUILD[spec.name];
    st.bigMap = spec.features.features.length > 2000;
    var batches = {};
    spec.features.features.forEach(function (f) {
      var parts = build(f, st), items = [];
      parts.forEach(function (pair) {
        var container = sub(pair[1]);
        (batches[pair[1]] = batches[pair[1]] || []).push(pair[0]);
        items.push([pair[0], container]);
      });
      if (spec.time_aware && f.properties.t0) {
        st.entries.push({ t0: f.properties.t0, t1: f.properties.t1 || f.properties.t0,
          items: items, shown: true, layer: spec.name, id: f.properties.event_id });
      }
    });
    Object.keys(batches).forEach(function (k) {
      var c = sub(k);
      if (c.addLayers) { c.addLayers(batches[k]); } else { batches[k].forEach(function (l) { c.addLayer(l); }); }
    });
    st.layers[spec.name] = { group: top, title: spec.title, group_title: spec.group, subs: subs,
      count: spec.features.features.length };
    if (spec.visible) { top.addTo(st.map); }
  }

  /* Show what overlaps [start, end] (ISO dates; null = open). Undated stays visible. */
  S.setWindow = function (st, start, end) {
    st.window = { start: start || st.time.min, end: end || st.time.max };
    var add = new Map(), remove = new Map(), shown = 0;
    function push(map, c, l) { if (!map.has(c)) { map.set(c, []); } map.get(c).push(l); }
    st.entries.forEach(function (e) {
      var vis = !(e.t1 < st.window.start || e.t0 > st.window.end);
      if (vis) { shown += 1; }
      if (vis === e.shown) { return; }
      e.shown = vis;
      e.items.forEach(function (it) { push(vis ? add : remove, it[1], it[0]); });
    });
    remove.forEach(function (ls, c) {
      if (c.removeLayers) { c.removeLayers(ls); } else { ls.forEach(function (l) { c.removeLayer(l); }); }
    });
    add.forEach(function (ls, c) {
      if (c.addLayers) { c.addLayers(ls); } else { ls.forEach(function (l) { c.addLayer(l); }); }
    });
    st.shownCount = shown;
    st.listeners.forEach(function (fn) { fn(st.window, shown, st.entries.length); });
    return shown;
  };

  /* Re-fit the initial view with room for the controls (called once they are added). */
  S.fitView = function (map) {
    var st = S.state(map);
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
    var st = { map: map, cfg: cfg, layers: {}, entries: [], listeners: [], time: cfg.time, popups: {},
      canvas: L.canvas({ padding: 0.2 }) };
    S.states[map.getContainer().id] = st;
    S.last = st;
    map.createPane('sm-basemap').style.zIndex = 150;
    map.getPane('sm-basemap').style.pointerEvents = 'none';
    map.createPane('sm-borders').style.zIndex = 380;
    map.createPane('sm-areas').style.zIndex = 390;
    st.bcanvas = L.canvas({ pane: 'sm-borders', padding: 0.3 });
    /* Fit before any layer is drawn (estimated room for the controls; Sitmap.fitView
       corrects it once they exist), so the layers are projected once. */
    if (cfg.bounds) {
      var w = map.getSize().x;
      var h = map.getSize().y;
      fit(map, cfg.bounds, [Math.min(46, w * 0.2), 16],
        [Math.min(252, w * 0.35), Math.max(28, Math.min(190, h * 0.3))]);
    }
    if (cfg.offline) { map.getContainer().classList.add('sm-offline'); }
    if (cfg.basemap) { addBasemap(st, cfg.basemap); }
    cfg.layers.forEach(function (spec) { buildLayer(st, spec); });
    if (cfg.attribution) { map.attributionControl.addAttribution(cfg.attribution); }
    if (cfg.time && (cfg.time.start || cfg.time.end)) {
      S.setWindow(st, cfg.time.start, cfg.time.end);
    }
    var queued = S.pending[map.getContainer().id] || [];
    delete S.pending[map.getContainer().id];
    queued.forEach(function (fn) { fn(); });
    return st;
  };
})();
