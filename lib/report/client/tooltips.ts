/// <reference lib="dom" />
/**
 * Chart tooltips of the report page. Every chart mark that carries a value has a native SVG
 * `<title>` (written by the chart functions with the report's formatter), which browsers show
 * when scripts are off. With scripts on, each title moves into a `data-tip` attribute of its
 * mark (so the browser's own tooltip does not show twice) and a styled tooltip follows the
 * pointer: the first line of the text as its heading, the other lines below. Marks without a
 * tooltip (grid lines, rules, labels) then let the pointer through to the marks beneath. Text
 * goes into the page as text only (`textContent`).
 *
 * @module
 */

/** Fills the tooltip element with the lines of a title: the first as a heading. */
function fill(tip: HTMLElement, text: string): void {
  const [head = "", ...lines] = text.split("\n");
  const strong = document.createElement("strong");
  strong.textContent = head;
  tip.replaceChildren(
    strong,
    ...lines.map((line) => {
      const div = document.createElement("div");
      div.textContent = line;
      return div;
    }),
  );
}

/** Places the tooltip near the pointer, inside the window. */
function place(tip: HTMLElement, x: number, y: number): void {
  const margin = 12;
  const box = tip.getBoundingClientRect();
  const left = x + margin + box.width > innerWidth ? x - margin - box.width : x + margin;
  const top = y + margin + box.height > innerHeight ? y - margin - box.height : y + margin;
  tip.style.left = `${Math.max(2, left)}px`;
  tip.style.top = `${Math.max(2, top)}px`;
}

/** Turns the native titles of every chart into tooltips; returns the number of marks. */
export function enhanceCharts(root: ParentNode): number {
  const tip = document.createElement("div");
  tip.className = "chart-tip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  document.body.appendChild(tip);
  let active: Element | null = null;
  const hide = (): void => {
    tip.hidden = true;
    active?.classList.remove("tip-on");
    active = null;
  };
  let marks = 0;
  for (const figure of Array.from(root.querySelectorAll<HTMLElement>("figure.chart"))) {
    // Only marks with a tooltip take the pointer (grid lines and rules let it through).
    figure.classList.add("tips");
    for (const title of Array.from(figure.querySelectorAll("svg title"))) {
      const mark = title.parentElement;
      if (mark === null) continue;
      mark.setAttribute("data-tip", title.textContent ?? "");
      title.remove();
      marks++;
    }
    figure.addEventListener("pointermove", (event) => {
      const target = event.target instanceof Element ? event.target.closest("[data-tip]") : null;
      if (target === null) return hide();
      if (target !== active) {
        active?.classList.remove("tip-on");
        active = target;
        active.classList.add("tip-on");
        fill(tip, target.getAttribute("data-tip") ?? "");
        tip.hidden = false;
      }
      place(tip, event.clientX, event.clientY);
    });
    figure.addEventListener("pointerleave", hide);
  }
  return marks;
}
