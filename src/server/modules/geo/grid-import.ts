// Entry point for importing surveyed divisions and unit grids: read a file, then validate its features.
export { readFeatureFile, type FeatureFile, type ImportedFeature } from './feature-file.ts';
export { GeoImportError, type GeoImportErrorCode } from './geo-import-error.ts';
export { validateGridFeatures, GRID_CODE_FIELDS, type GridValidationOptions, type GridValidationResult } from './grid-validation.ts';
export { validateDivisionFeatures, DIVISION_CODE_FIELDS, DIVISION_NAME_FIELDS, type DivisionValidationOptions, type DivisionValidationResult } from './division-validation.ts';
export { describeProblem, type ImportProblem, type ImportProblemCode } from './import-problems.ts';
export { resolveCrs, resolvePrjWkt, gaussKrugerProj4 } from './crs.ts';
