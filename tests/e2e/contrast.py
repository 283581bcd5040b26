"""WCAG 2.1 contrast of what a browser actually drew: the text colour of an element against the first
opaque background behind it (helper for the browser tests)."""

CONTRAST_JS = """
(el) => {
  const rgb = (s) => s.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const behind = (node) => {
    for (let n = node; n; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length < 4 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const style = getComputedStyle(el);
  const ring = style.outlineStyle === "none" ? null : rgb(style.outlineColor).slice(0, 3);
  return {
    text: ratio(rgb(style.color).slice(0, 3), behind(el)),
    outline: ring && ratio(ring, behind(el.parentElement || el)),
  };
}
"""


def contrast(locator) -> dict:
    return locator.evaluate(CONTRAST_JS)
