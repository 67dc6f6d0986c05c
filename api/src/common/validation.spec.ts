import { type ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import { PageQuery } from './pagination';
import { validationPipe } from './validation';

const asQuery: ArgumentMetadata = { type: 'query', metatype: PageQuery };

describe('validationPipe on query strings', () => {
  it('validates a query string once, and gives it again as a copy of its own', async () => {
    const validations = jest.spyOn(ValidationPipe.prototype, 'transform');
    const first = (await validationPipe.transform({ limit: '7' }, asQuery)) as PageQuery;
    first.limit = 99;
    const again = (await validationPipe.transform({ limit: '7' }, asQuery)) as PageQuery;
    expect(validations).toHaveBeenCalledTimes(1);
    validations.mockRestore();
    expect(again).toBeInstanceOf(PageQuery);
    expect(again).toEqual(Object.assign(new PageQuery(), { limit: 7 }));
    expect(again).not.toBe(first);
  });

  it('refuses an invalid query string every time it comes', async () => {
    for (let attempt = 0; attempt < 2; attempt += 1)
      await expect(validationPipe.transform({ limit: '500' }, asQuery)).rejects.toBeInstanceOf(
        BadRequestException,
      );
    await expect(validationPipe.transform({ limit: '7', extra: 'x' }, asQuery)).rejects.toBeInstanceOf(
      BadRequestException,
    );
  });

  it('remembers each query class apart', async () => {
    class OtherQuery {}
    await validationPipe.transform({}, asQuery);
    expect(await validationPipe.transform({}, { type: 'query', metatype: OtherQuery })).toBeInstanceOf(
      OtherQuery,
    );
  });
});
