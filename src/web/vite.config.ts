import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The date and time pickers, but not their locale files: the app-wide antd locale imports those. */
const isDatePicker = (id: string) =>
  /node_modules[\\/](antd[\\/]es[\\/](date-picker|time-picker)|@rc-component[\\/]picker)[\\/]/.test(id) &&
  !/[\\/]locale[\\/]/.test(id);

/** The browser app: built into dist/web, which the Fastify server serves at `/`. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // React and Ant Design change far less often than our pages: separate chunks stay cached across releases.
        codeSplitting: {
          // A group takes its modules' dependencies along unless told not to. The page-only chunks (ECharts,
          // zrender, the date picker) come last in priority, and the picker takes only its own modules:
          // otherwise it drags react-dom and Ant Design's core along, onto the statement page alone.
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
              priority: 3,
            },
            { name: 'antd-icons', test: /node_modules[\\/]@ant-design[\\/]icons/, priority: 2 },
            {
              name: 'antd-base',
              test: (id) =>
                /node_modules[\\/](@ant-design|@rc-component|dayjs)[\\/]/.test(id) && !isDatePicker(id),
              priority: 1,
            },
            { name: 'antd', test: (id) => /node_modules[\\/]antd[\\/]/.test(id) && !isDatePicker(id) },
            // Only the statement page draws charts and picks dates. ECharts' canvas engine (zrender) is a
            // chunk of its own so that neither half reaches the 500 kB warning. Checked: the chunks import
            // each other without cycles (antd-picker → antd → antd-base → react).
            { name: 'zrender', test: /node_modules[\\/](zrender|tslib)[\\/]/, priority: -1 },
            { name: 'echarts', test: /node_modules[\\/]echarts[\\/]/, priority: -2 },
            { name: 'antd-picker', test: isDatePicker, priority: -3, includeDependenciesRecursively: false },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
