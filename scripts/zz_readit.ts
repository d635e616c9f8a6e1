import { readWorkbook } from '/work/main/electron/backend/import/readWorkbook';
for (const f of process.argv.slice(2)) {
  try {
    const wb = await readWorkbook(f);
    for (const g of wb.grids) console.log(f, g.sheet, g.percentCells, JSON.stringify(g.rows.slice(0, 5)));
  } catch (e) { console.log(f, 'ERROR', (e as Error).message); }
}
