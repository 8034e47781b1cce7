// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
// Under NODE_ENV=test the preset emits CommonJS, which jest needs.
module.exports = {
  presets: [
    [
      'taro',
      {
        framework: 'react',
        ts: true,
        compiler: 'webpack5'
      }
    ]
  ],
  plugins: [
    [
      // NutUI on demand: only the components we import, each with its own CSS
      'import',
      {
        libraryName: '@nutui/nutui-react-taro',
        libraryDirectory: 'dist/es/packages',
        camel2DashComponentName: false,
        customName: (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.toLowerCase()}`,
        style: 'css'
      },
      'nutui-react-taro'
    ]
  ]
}
