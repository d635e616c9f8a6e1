// The parts of ECharts the app draws with, and no more: line and bar charts, their axes, title, legend,
// tooltip, marked lines and areas (annotations, limits), zooming, the accessibility description, and the
// canvas renderer. Importing 'echarts' whole would ship every chart type to the first screen.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, DataZoomComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, GridComponent, TitleComponent, LegendComponent, TooltipComponent, MarkLineComponent, MarkAreaComponent, DataZoomComponent, AriaComponent, CanvasRenderer]);

export { echarts };
