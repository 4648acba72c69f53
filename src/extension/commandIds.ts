/** Command identifiers, as package.json contributes them. */
export const SHOW_MODEL_SUMMARY_COMMAND = 'convlens.showModelSummary';
export const SET_INPUT_SHAPE_COMMAND = 'convlens.setInputShape';
export const TOGGLE_INLAY_HINTS_COMMAND = 'convlens.toggleInlayHints';
export const OPEN_KERNEL_LAB_COMMAND = 'convlens.openKernelLab';
export const PREVIEW_LAYER_COMMAND = 'convlens.previewLayer';
export const COPY_SHAPE_TABLE_COMMAND = 'convlens.copyShapeTable';
