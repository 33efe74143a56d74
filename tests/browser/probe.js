// Injected by tests/browser.rs into a copy of report.html (the report itself has
// no scripts): records errors while the page loads, then measures the laid-out
// page at load and writes the facts as JSON into <pre id="authsim-probe">.
(function () {
  "use strict";
  var errors = [];
  // Capture phase: a resource that fails to load fires "error" on its element,
  // which does not bubble.
  window.addEventListener("error", function (e) {
    var t = e.target;
    if (t && t !== window && t.tagName) {
      errors.push("failed to load <" + t.tagName.toLowerCase() + "> " +
        (t.currentSrc || t.src || t.href || t.getAttribute("href") || ""));
    } else {
      errors.push("uncaught error: " + e.message);
    }
  }, true);
  window.addEventListener("unhandledrejection", function (e) {
    errors.push("unhandled rejection: " + e.reason);
  });

  function describe(el) {
    var s = "<" + el.tagName.toLowerCase();
    if (el.id) s += ' id="' + el.id + '"';
    var cls = el.getAttribute("class");
    if (cls) s += ' class="' + cls + '"';
    s += ">";
    var text = (el.textContent || "").replace(/\s+/g, " ").trim();
    if (text) s += " \"" + text.slice(0, 60) + (text.length > 60 ? "…" : "") + "\"";
    var near = el.closest("section[id], figure[id], table") || el;
    var heading = precedingHeading(near);
    if (heading) s += " under \"" + heading + "\"";
    return s;
  }

  // The nearest h2/h3 before el in document order, to say where el is.
  function precedingHeading(el) {
    var all = document.querySelectorAll("h1, h2, h3");
    var found = null;
    for (var i = 0; i < all.length; i++) {
      if (all[i].compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) found = all[i];
    }
    return found ? found.textContent.replace(/\s+/g, " ").trim().slice(0, 50) : null;
  }

  function px(n) { return Math.round(n * 10) / 10; }

  function measure() {
    var root = document.documentElement;
    var edge = root.clientWidth;
    var r = {
      errors: errors,
      viewport: edge,
      scroll_width: root.scrollWidth,
      scroll_height: root.scrollHeight,
      past_edge: [],
      scrolls_sideways: [],
      cell_overflow: [],
      broken_words: [],
      dead_links: [],
      svgs: [],
      images: [],
      figures: [],
      summary: null,
      contents: null,
      unlinked: [],
      tables: document.querySelectorAll("table").length,
      headings: document.querySelectorAll("h2").length
    };
    var all = document.body.querySelectorAll("*");
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      var box = el.getBoundingClientRect();
      // The outermost element past the right edge, not each of its descendants.
      if (box.right > edge + 0.5 && box.width > 0 &&
          !(el.parentElement.getBoundingClientRect().right > edge + 0.5)) {
        r.past_edge.push(describe(el) + " reaches " + px(box.right) + " px");
      }
      var style = getComputedStyle(el);
      if (/auto|scroll/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1) {
        r.scrolls_sideways.push(describe(el) + " is " + el.scrollWidth + " px wide in " +
          el.clientWidth + " px");
      }
    }
    var cells = document.querySelectorAll("td, th");
    for (i = 0; i < cells.length; i++) {
      var cell = cells[i];
      if (cell.scrollWidth > cell.clientWidth + 1) {
        r.cell_overflow.push(describe(cell) + " needs " + cell.scrollWidth + " px in " +
          cell.clientWidth + " px");
      }
      var broken = brokenWords(cell);
      if (broken.length) {
        r.broken_words.push(describe(cell) + " breaks \"" + broken.join("\", \"") +
          "\" (" + px(cell.getBoundingClientRect().width) + " px wide)");
      }
    }
    var links = document.querySelectorAll('a[href^="#"]');
    for (i = 0; i < links.length; i++) {
      var id = decodeURIComponent(links[i].getAttribute("href").slice(1));
      if (!document.getElementById(id)) r.dead_links.push(describe(links[i]) + " -> #" + id);
    }
    var svgs = document.querySelectorAll("svg");
    for (i = 0; i < svgs.length; i++) {
      if (svgs[i].parentElement.closest("svg")) continue;
      box = svgs[i].getBoundingClientRect();
      r.svgs.push({width: px(box.width), height: px(box.height), where: describe(svgs[i].parentElement)});
    }
    var imgs = document.images;
    for (i = 0; i < imgs.length; i++) {
      r.images.push({src: imgs[i].currentSrc || imgs[i].src, loaded: imgs[i].complete && imgs[i].naturalWidth > 0});
    }
    var figures = document.querySelectorAll("figure");
    for (i = 0; i < figures.length; i++) {
      var svg = figures[i].querySelector("svg");
      box = svg ? svg.getBoundingClientRect() : null;
      r.figures.push({id: figures[i].id, has_svg: !!svg && box.width > 0 && box.height > 0});
    }
    var summary = document.getElementById("summary");
    var nav = document.querySelector("nav#contents");
    if (summary) {
      var h = summary.querySelector("h1, h2, h3");
      r.summary = {
        tag: summary.tagName.toLowerCase(),
        heading: h ? h.textContent.replace(/\s+/g, " ").trim() : null,
        before_contents: !!nav && !!(summary.compareDocumentPosition(nav) & Node.DOCUMENT_POSITION_FOLLOWING),
        first_section: firstSectionHeading() === null ||
          !!(summary.compareDocumentPosition(firstSectionHeading()) & Node.DOCUMENT_POSITION_FOLLOWING)
      };
    }
    if (nav) {
      var targets = {};
      var navLinks = nav.querySelectorAll('a[href^="#"]');
      var texts = [];
      for (i = 0; i < navLinks.length; i++) {
        targets[decodeURIComponent(navLinks[i].getAttribute("href").slice(1))] = true;
        texts.push(navLinks[i].textContent.replace(/\s+/g, " ").trim());
      }
      r.contents = {links: texts};
      // Every section heading and every chart is reached from the contents: by
      // its own id or, for a heading, its section's.
      var wanted = document.querySelectorAll("h2, figure");
      for (i = 0; i < wanted.length; i++) {
        var w = wanted[i];
        if (nav.contains(w)) continue;
        var section = w.closest("section[id]");
        if (!(w.id && targets[w.id]) && !(w.tagName === "H2" && section && targets[section.id])) {
          r.unlinked.push(describe(w));
        }
      }
    }
    return r;
  }

  // The first h2 outside the summary and the contents: where the body begins.
  function firstSectionHeading() {
    var hs = document.querySelectorAll("h2");
    for (var i = 0; i < hs.length; i++) {
      if (!hs[i].closest("#summary, nav#contents")) return hs[i];
    }
    return null;
  }

  // Words of el's text laid out over more than one line: broken mid-word. A
  // break after a hyphen or slash is a line break the language allows.
  function brokenWords(el) {
    var broken = [];
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    var range = document.createRange();
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var re = /[^\s\-\u2010\u2013\/]+[\-\u2010\u2013\/]?/g;
      var m;
      while ((m = re.exec(node.data)) !== null) {
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        var rects = range.getClientRects();
        var tops = {};
        var lines = 0;
        for (var j = 0; j < rects.length; j++) {
          var top = Math.round(rects[j].top);
          if (rects[j].width > 0 && !tops[top]) { tops[top] = true; lines++; }
        }
        if (lines > 1) broken.push(m[0]);
      }
    }
    return broken;
  }

  window.addEventListener("load", function () {
    var out = document.createElement("pre");
    out.id = "authsim-probe";
    // No <, > or & in the text: the dumped DOM then carries it unescaped.
    out.textContent = JSON.stringify(measure()).replace(/[<>&]/g, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
    document.body.appendChild(out);
  });
})();
