// Where rows and the axis sit on the canvas, in CSS pixels; shared with the tests, which find
// bars on screen from the layout and these numbers.
export const AXIS_HEIGHT = 26;
export const ROW_HEIGHT = 22;
export const BAR_HEIGHT = 19;
/** Bars narrower than this are drawn this wide, merged per pixel column. */
export const MIN_BAR_PX = 1;
export const LABEL_PAD_PX = 6;
/** Narrowest bar that gets a label at all ("a…"). */
export const MIN_LABEL_PX = 24;

/** Top of a row's bar, given the vertical scroll offset of the rows. */
export function barTop(row: number, scrollY: number): number {
  return AXIS_HEIGHT + row * ROW_HEIGHT - scrollY + (ROW_HEIGHT - BAR_HEIGHT) / 2;
}

export function rowAt(y: number, scrollY: number): number {
  return Math.floor((y - AXIS_HEIGHT + scrollY) / ROW_HEIGHT);
}

export function contentHeight(rows: number): number {
  return AXIS_HEIGHT + rows * ROW_HEIGHT + ROW_HEIGHT / 2;
}
