/* sitmap labels: place names, placed greedily in rank order so that none overlap.
 *
 * The rows come from Python (layers/labels.py) already in rank order: the places
 * the news names first, then countries, capitals, provinces and towns. On every
 * zoom or pan the labels whose zoom range holds the current zoom and whose
 * anchor is in view are measured (canvas measureText, no layout), and each is
 * placed unless its box overlaps one already placed. Only placed labels get a
 * DOM node. Names reach the DOM through textContent only.
 */
(function () {
  'use strict';
  var S = (window.Sitmap = window.Sitmap || {});
  var FONT = 'Helvetica Neue, Arial, sans-serif';
  /* font, upper-case?, letter spacing (px), dot? per kind; CSS in labels.css matches */
  var STYLE = {
    news: { font: '700 13px ' + FONT, dot: true },
    country: { font: '600 12px ' + FONT, upper: true, spacing: 1.2 },
    capital: { font: '700 12px ' + FONT, dot: true },
    admin1: { font: 'italic 500 11px ' + FONT, spacing: 0.3 },
    town: { font: '400 11px ' + FONT, dot: true }
  };
  var PAD = 3;        /* px kept free around each label */
  var DOT = 7;        /* px between the anchor dot and the text */
  var HEIGHT = 15;    /* px, line box of a label */
  var ctx = null;

  function textWidth(text, style) {
    if (!ctx) { ctx = document.createElement('canvas').getContext('2d'); }
    ctx.font = style.font;
    var shown = style.upper ? text.toUpperCase() : text;
    return ctx.measureText(shown).width + (style.spacing || 0) * shown.length;
  }

  function overlaps(a, b) {
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  }

  /* Greedy placement. items: {x, y, w, dot} in container px, in rank order.
     Returns the indexes placed; exported for the tests. */
  S.placeLabels = function (items, width, height) {
    var placed = [], boxes = [];
    items.forEach(function (it, i) {
      /* a dotted label sits right of its point; others are centred on it */
      var x0 = it.dot ? it.x + DOT / 2 - 1 : it.x - it.w / 2;
      var box = { x0: x0 - PAD, y0: it.y - HEIGHT / 2 - PAD, x1: x0 + it.w + (it.dot ? DOT : 0) + PAD,
        y1: it.y + HEIGHT / 2 + PAD };
      if (box.x1 < 0 || box.y1 < 0 || box.x0 > width || box.y0 > height) { return; }
      for (var k = 0; k < boxes.length; k++) { if (overlaps(box, boxes[k])) { return; } }
      boxes.push(box);
      placed.push(i);
    });
    return placed;
  };

  var LabelLayer = L.Layer.extend({
    initialize: function (cfg) {
      this._kinds = cfg.kinds;
      this._rows = cfg.items.map(function (r) {
        var kind = cfg.kinds[r[3]] || 'town';
        return { name: String(r[0]), ll: L.latLng(r[2], r[1]), kind: kind, z0: r[4], z1: r[5],
          news: !!r[6], style: STYLE[kind] || STYLE.town, w: null, el: null };
      });
    },
    onAdd: function (map) {
      if (!map.getPane('sm-labels')) {
        var pane = map.createPane('sm-labels');
        pane.style.zIndex = 560;  /* above areas and lines, below markers (600) */
        pane.style.pointerEvents = 'none';
      }
      this._pane = map.getPane('sm-labels');
      this._pane.style.display = '';
      map.on('zoomend moveend resize', this._update, this);
      map.on('zoomstart', this._hide, this);
      this._update();
    },
    onRemove: function (map) {
      map.off('zoomend moveend resize', this._update, this);
      map.off('zoomstart', this._hide, this);
      this._rows.forEach(function (r) { if (r.el) { L.DomUtil.remove(r.el); r.el = null; } });
    },
    _hide: function () { this._pane.style.display = 'none'; },
    _node: function (r) {
      var el = L.DomUtil.create('div', 'sm-maplabel sm-maplabel-' + r.kind + (r.news ? ' sm-maplabel-hot' : ''));
      if (r.style.dot) { el.appendChild(L.DomUtil.create('span', 'sm-maplabel-dot')); }
      var text = L.DomUtil.create('span', 'sm-maplabel-text', el);
      text.textContent = r.name;
      el.dataset.kind = r.kind;
      return el;
    },
    _update: function () {
      var map = this._map;
      if (!map) { return; }
      var zoom = map.getZoom(), size = map.getSize(), bounds = map.getBounds().pad(0.1);
      var cand = [], items = [];
      this._rows.forEach(function (r) {
        if (zoom < r.z0 || zoom > r.z1 || !bounds.contains(r.ll)) { return; }
        if (r.w === null) { r.w = textWidth(r.name, r.style); }
        var p = map.latLngToContainerPoint(r.ll);
        cand.push(r);
        items.push({ x: p.x, y: p.y, w: r.w, dot: !!r.style.dot });
      });
      var keep = {};
      S.placeLabels(items, size.x, size.y).forEach(function (i) { keep[i] = true; });
      var shown = new Set();
      cand.forEach(function (r, i) {
        if (!keep[i]) { return; }
        shown.add(r);
        if (!r.el) { r.el = this._node(r); }
        if (r.el.parentNode !== this._pane) { this._pane.appendChild(r.el); }
        var p = map.latLngToLayerPoint(r.ll);
        L.DomUtil.setPosition(r.el, r.style.dot ? p.subtract([3, HEIGHT / 2]) : p.subtract([r.w / 2, HEIGHT / 2]));
      }, this);
      this._rows.forEach(function (r) {
        if (r.el && !shown.has(r) && r.el.parentNode) { L.DomUtil.remove(r.el); }
      });
      this._pane.style.display = '';
      this.placed = shown.size;
    }
  });

  /* The labels belong to the basemap's "Land & countries" entry of the layer control
     (no extra row: the control and the legend share the right edge). */
  S.addLabels = function (st, cfg) {
    var layer = new LabelLayer(cfg);
    st.layers.basemap_labels = { group: layer, title: 'Place names', group_title: 'Basemap' };
    var land = st.layers.basemap_land && st.layers.basemap_land.group;
    if (land) { land.addLayer(layer); } else { layer.addTo(st.map); }
    return layer;
  };

  /* Hook: Sitmap.init runs the callbacks queued by Sitmap.ready once the layers exist;
     the labels go first in that queue, so the layer control lists them too. */
  if (S.init && !S.init.sitmapLabels) {
    var init = S.init;
    S.init = function (map, cfg) {
      if (cfg && cfg.labels && cfg.labels.items && cfg.labels.items.length) {
        var id = map.getContainer().id;
        S.pending = S.pending || {};
        (S.pending[id] = S.pending[id] || []).unshift(function () {
          S.addLabels(S.state(map), cfg.labels);
        });
      }
      return init(map, cfg);
    };
    S.init.sitmapLabels = true;
  }
})();
