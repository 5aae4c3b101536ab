import {
  ActivationBase,
  createParameter,
  defaultsOf,
  definePlugin,
  numberField,
  parseConfig,
  type ComputeContext,
  type ConfigSpec,
  type GradientWriter,
} from '../src/index.js';

/** A test activation: y = a·x with one learnable scalar `a`. */
interface ScaleConfig {
  init: number;
}
const fields: ConfigSpec<ScaleConfig> = { init: numberField(1, 'Initial scale.') };

class Scale extends ActivationBase<ScaleConfig> {
  constructor(config?: Partial<ScaleConfig>) {
    const parsed = parseConfig('scale', fields, config);
    super('scale', parsed, [createParameter('a', [1], parsed.init)]);
  }
  gain() {
    return 1;
  }
  protected override compute({ x, y }: ComputeContext): GradientWriter {
    const a = this.parameters[0]!;
    for (let i = 0; i < y.length; i++) y[i] = (x.data[i] as number) * (a.data[0] as number);
    return (dy, dx) => {
      let sum = 0;
      for (let i = 0; i < dy.length; i++) {
        dx[i] = (dy[i] as number) * (a.data[0] as number);
        sum += (dy[i] as number) * (x.data[i] as number);
      }
      a.grad.data[0] = (a.grad.data[0] as number) + sum;
    };
  }
}

export const scale = definePlugin({
  name: 'scale',
  aliases: ['Scale', 'linear_scale'],
  summary: 'y = a·x',
  fields,
  defaults: defaultsOf(fields),
  traits: { elementwise: true, stochastic: false, propagatesNaN: true, lipschitz: (act) => Math.abs(act.parameters[0]!.data[0]!), kinks: () => [] },
  validate: (config: unknown) => parseConfig('scale', fields, config),
  create: (config?: Partial<ScaleConfig>) => new Scale(config),
});

/** Another plugin whose alias collides with `scale`'s. */
export const impostor = definePlugin({ ...scale, name: 'impostor', aliases: ['LINEAR-SCALE'] });

declare module '../src/index.js' {
  interface ActivationConfigMap {
    scale: ScaleConfig;
  }
}
