// Boxes that scroll sideways, reachable from the keyboard (sitebuild/scrolling.py
// marks them in the HTML with tabindex, a role and a name: right with JavaScript
// off). Here, with JavaScript on:
// - Material wraps each Markdown table in .md-typeset__scrollwrap, which then
//   does the scrolling: the table's mark moves to that wrapper;
// - a box is a focus stop only while it really scrolls (its content is wider
//   than the box), checked again whenever its size changes. Material does the
//   same for code blocks but only on devices with hover; the rule here wins.
(() => {
  const MARK = "data-kg-scroll";
  const seen = new WeakSet();
  // A box's own size, and the size of what it holds: content that grows wider
  // (a style applied later, a font that arrives) leaves the box's size as is.
  const boxOf = new WeakMap();
  const sizes = new ResizeObserver((entries) => entries.forEach((e) => sync(boxOf.get(e.target))));

  function sync(box) {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && box.getAttribute("tabindex") !== "0") box.setAttribute("tabindex", "0");
    if (!scrolls && box.hasAttribute("tabindex")) box.removeAttribute("tabindex");
  }

  function adopt(table) {
    const wrap = table.closest(".md-typeset__scrollwrap");
    if (!wrap || wrap.hasAttribute(MARK)) return table;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", table.getAttribute("aria-label"));
    wrap.setAttribute(MARK, "table");
    for (const name of ["tabindex", "aria-label", MARK]) table.removeAttribute(name);
    return wrap;
  }

  function scan() {
    for (let box of document.querySelectorAll(`[${MARK}]`)) {
      if (box.tagName === "TABLE") box = adopt(box);
      if (!box.hasAttribute(MARK)) continue;
      if (!seen.has(box)) {
        seen.add(box);
        for (const watched of [box, ...box.children]) {
          boxOf.set(watched, box);
          sizes.observe(watched);
        }
      }
      sync(box);
    }
  }

  // New wrappers (Material mounts after this script may run) and tabindex
  // changes made by others lead to a new look.
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      scan();
    });
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["tabindex"] });
  scan();
})();
