import { ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

export class FieldError {
  @ApiProperty({ example: 'email' }) field!: string;
  @ApiProperty({ example: 'email must be an email' }) message!: string;
}

/** RFC 9457 problem details: the one shape of every error the API answers. */
export class Problem {
  @ApiProperty({ example: 'about:blank' }) type!: string;
  @ApiProperty({ example: 'Bad Request' }) title!: string;
  @ApiProperty({ example: 400 }) status!: number;
  @ApiPropertyOptional({ example: 'email must be an email' }) detail?: string;
  @ApiPropertyOptional({ example: '/users' }) instance?: string;
  @ApiPropertyOptional({ type: [FieldError], description: 'The invalid fields, on 400' })
  errors?: FieldError[];
  @ApiPropertyOptional({ example: 'neo4j', description: 'The store that is down, on 503' }) store?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** How the OpenAPI document describes a problem body: under the media type it is sent with. */
export const problemContent = { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(Problem) } } };

/** Documents one error answer of a route (or of every route of a controller) as a Problem. */
export const ApiProblem = (status: number, description: string): MethodDecorator & ClassDecorator =>
  ApiResponse({ status, description, content: problemContent });
