// Kept so that `import … from './catalog.js'` goes on working: the catalog lives in ./catalog/.
export * from './catalog/index.js';
