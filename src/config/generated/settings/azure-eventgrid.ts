/* eslint-disable */
// @ts-nocheck
// Written by `npm run schema` (src/config/validator-code.ts) from the driver's settings schema: Ajv's standalone
// code, so that start-up compiles nothing. Do not edit.
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { schemaFormats as formats } from '../../schema-formats.js';
const require = createRequire(import.meta.url);

export const settings = validate10;
const schema11 = {"additionalProperties":false,"type":"object","properties":{"endpoint":{"minLength":1,"description":"Publish endpoint of a custom topic or domain, e.g. https://orders.westeurope-1.eventgrid.azure.net/api/events (http:// only on loopback, for emulators and tests)","type":"string"},"namespaceEndpoint":{"minLength":1,"description":"Instead of endpoint: an Event Grid namespace, e.g. https://shop.westeurope-1.eventgrid.azure.net, whose topics are published to and whose event subscriptions are pulled with lock tokens","type":"string"},"key":{"minLength":1,"description":"Access key of the topic, domain or namespace; use ${ENV}. Without key and sasToken, DefaultAzureCredential (role EventGrid Data Sender, and EventGrid Data Receiver to pull)","type":"string"},"sasToken":{"minLength":1,"description":"With endpoint: a shared access signature (aeg-sas-token) instead of the key; use ${ENV}","type":"string"},"clientId":{"minLength":1,"description":"Without key and sasToken: the client id of the user-assigned / workload identity to use (default: AZURE_CLIENT_ID)","type":"string"},"schema":{"description":"With endpoint: the input schema the topic was created with, cloudevents (CloudEvents 1.0, the default) or eventgrid (the Event Grid schema)","anyOf":[{"const":"cloudevents","type":"string"},{"const":"eventgrid","type":"string"}]},"domain":{"description":"With endpoint: the endpoint is an Event Grid domain, and each topic (its entity) is a domain topic (default false)","type":"boolean"}}};
const func2 = require("ajv/dist/runtime/ucs2length").default;

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(((((((key0 === "endpoint") || (key0 === "namespaceEndpoint")) || (key0 === "key")) || (key0 === "sasToken")) || (key0 === "clientId")) || (key0 === "schema")) || (key0 === "domain"))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.endpoint !== undefined){
let data0 = data.endpoint;
if(typeof data0 !== "string"){
let dataType0 = typeof data0;
let coerced0 = undefined;
if(!(coerced0 !== undefined)){
if(dataType0 == "number" || dataType0 == "boolean"){
coerced0 = "" + data0;
}
else if(data0 === null){
coerced0 = "";
}
else {
const err1 = {instancePath:instancePath+"/endpoint",schemaPath:"#/properties/endpoint/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.endpoint.type,parentSchema:schema11.properties.endpoint,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(coerced0 !== undefined){
data0 = coerced0;
if(data !== undefined){
data["endpoint"] = coerced0;
}
}
}
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err2 = {instancePath:instancePath+"/endpoint",schemaPath:"#/properties/endpoint/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.endpoint,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
}
if(data.namespaceEndpoint !== undefined){
let data1 = data.namespaceEndpoint;
if(typeof data1 !== "string"){
let dataType1 = typeof data1;
let coerced1 = undefined;
if(!(coerced1 !== undefined)){
if(dataType1 == "number" || dataType1 == "boolean"){
coerced1 = "" + data1;
}
else if(data1 === null){
coerced1 = "";
}
else {
const err3 = {instancePath:instancePath+"/namespaceEndpoint",schemaPath:"#/properties/namespaceEndpoint/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.namespaceEndpoint.type,parentSchema:schema11.properties.namespaceEndpoint,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(coerced1 !== undefined){
data1 = coerced1;
if(data !== undefined){
data["namespaceEndpoint"] = coerced1;
}
}
}
if(typeof data1 === "string"){
if(func2(data1) < 1){
const err4 = {instancePath:instancePath+"/namespaceEndpoint",schemaPath:"#/properties/namespaceEndpoint/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.namespaceEndpoint,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
}
if(data.key !== undefined){
let data2 = data.key;
if(typeof data2 !== "string"){
let dataType2 = typeof data2;
let coerced2 = undefined;
if(!(coerced2 !== undefined)){
if(dataType2 == "number" || dataType2 == "boolean"){
coerced2 = "" + data2;
}
else if(data2 === null){
coerced2 = "";
}
else {
const err5 = {instancePath:instancePath+"/key",schemaPath:"#/properties/key/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.key.type,parentSchema:schema11.properties.key,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(coerced2 !== undefined){
data2 = coerced2;
if(data !== undefined){
data["key"] = coerced2;
}
}
}
if(typeof data2 === "string"){
if(func2(data2) < 1){
const err6 = {instancePath:instancePath+"/key",schemaPath:"#/properties/key/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.key,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
}
if(data.sasToken !== undefined){
let data3 = data.sasToken;
if(typeof data3 !== "string"){
let dataType3 = typeof data3;
let coerced3 = undefined;
if(!(coerced3 !== undefined)){
if(dataType3 == "number" || dataType3 == "boolean"){
coerced3 = "" + data3;
}
else if(data3 === null){
coerced3 = "";
}
else {
const err7 = {instancePath:instancePath+"/sasToken",schemaPath:"#/properties/sasToken/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.sasToken.type,parentSchema:schema11.properties.sasToken,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(coerced3 !== undefined){
data3 = coerced3;
if(data !== undefined){
data["sasToken"] = coerced3;
}
}
}
if(typeof data3 === "string"){
if(func2(data3) < 1){
const err8 = {instancePath:instancePath+"/sasToken",schemaPath:"#/properties/sasToken/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.sasToken,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
if(data.clientId !== undefined){
let data4 = data.clientId;
if(typeof data4 !== "string"){
let dataType4 = typeof data4;
let coerced4 = undefined;
if(!(coerced4 !== undefined)){
if(dataType4 == "number" || dataType4 == "boolean"){
coerced4 = "" + data4;
}
else if(data4 === null){
coerced4 = "";
}
else {
const err9 = {instancePath:instancePath+"/clientId",schemaPath:"#/properties/clientId/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.clientId.type,parentSchema:schema11.properties.clientId,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(coerced4 !== undefined){
data4 = coerced4;
if(data !== undefined){
data["clientId"] = coerced4;
}
}
}
if(typeof data4 === "string"){
if(func2(data4) < 1){
const err10 = {instancePath:instancePath+"/clientId",schemaPath:"#/properties/clientId/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.clientId,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
if(data.schema !== undefined){
let data5 = data.schema;
const _errs13 = errors;
let valid1 = false;
const _errs14 = errors;
if(typeof data5 !== "string"){
let dataType5 = typeof data5;
let coerced5 = undefined;
if(!(coerced5 !== undefined)){
if(dataType5 == "number" || dataType5 == "boolean"){
coerced5 = "" + data5;
}
else if(data5 === null){
coerced5 = "";
}
else {
const err11 = {instancePath:instancePath+"/schema",schemaPath:"#/properties/schema/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.schema.anyOf[0].type,parentSchema:schema11.properties.schema.anyOf[0],data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(coerced5 !== undefined){
data5 = coerced5;
if(data !== undefined){
data["schema"] = coerced5;
}
}
}
if("cloudevents" !== data5){
const err12 = {instancePath:instancePath+"/schema",schemaPath:"#/properties/schema/anyOf/0/const",keyword:"const",params:{allowedValue: "cloudevents"},message:"must be equal to constant",schema:"cloudevents",parentSchema:schema11.properties.schema.anyOf[0],data:data5};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
var _valid0 = _errs14 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const _errs16 = errors;
if(typeof data5 !== "string"){
let dataType6 = typeof data5;
let coerced6 = undefined;
if(!(coerced6 !== undefined)){
if(dataType6 == "number" || dataType6 == "boolean"){
coerced6 = "" + data5;
}
else if(data5 === null){
coerced6 = "";
}
else {
const err13 = {instancePath:instancePath+"/schema",schemaPath:"#/properties/schema/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.schema.anyOf[1].type,parentSchema:schema11.properties.schema.anyOf[1],data:data5};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(coerced6 !== undefined){
data5 = coerced6;
if(data !== undefined){
data["schema"] = coerced6;
}
}
}
if("eventgrid" !== data5){
const err14 = {instancePath:instancePath+"/schema",schemaPath:"#/properties/schema/anyOf/1/const",keyword:"const",params:{allowedValue: "eventgrid"},message:"must be equal to constant",schema:"eventgrid",parentSchema:schema11.properties.schema.anyOf[1],data:data5};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
var _valid0 = _errs16 === errors;
valid1 = valid1 || _valid0;
}
if(!valid1){
const err15 = {instancePath:instancePath+"/schema",schemaPath:"#/properties/schema/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema11.properties.schema.anyOf,parentSchema:schema11.properties.schema,data:data5};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
else {
errors = _errs13;
if(vErrors !== null){
if(_errs13){
vErrors.length = _errs13;
}
else {
vErrors = null;
}
}
}
}
if(data.domain !== undefined){
let data6 = data.domain;
if(typeof data6 !== "boolean"){
let coerced7 = undefined;
if(!(coerced7 !== undefined)){
if(data6 === "false" || data6 === 0 || data6 === null){
coerced7 = false;
}
else if(data6 === "true" || data6 === 1){
coerced7 = true;
}
else {
const err16 = {instancePath:instancePath+"/domain",schemaPath:"#/properties/domain/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.domain.type,parentSchema:schema11.properties.domain,data:data6};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(coerced7 !== undefined){
data6 = coerced7;
if(data !== undefined){
data["domain"] = coerced7;
}
}
}
}
}
else {
const err17 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}


/** The settings schema this validator was generated from, as JSON: it is used for that very schema only. */
export const generatedFrom = "{\"additionalProperties\":false,\"type\":\"object\",\"properties\":{\"endpoint\":{\"minLength\":1,\"description\":\"Publish endpoint of a custom topic or domain, e.g. https://orders.westeurope-1.eventgrid.azure.net/api/events (http:// only on loopback, for emulators and tests)\",\"type\":\"string\"},\"namespaceEndpoint\":{\"minLength\":1,\"description\":\"Instead of endpoint: an Event Grid namespace, e.g. https://shop.westeurope-1.eventgrid.azure.net, whose topics are published to and whose event subscriptions are pulled with lock tokens\",\"type\":\"string\"},\"key\":{\"minLength\":1,\"description\":\"Access key of the topic, domain or namespace; use ${ENV}. Without key and sasToken, DefaultAzureCredential (role EventGrid Data Sender, and EventGrid Data Receiver to pull)\",\"type\":\"string\"},\"sasToken\":{\"minLength\":1,\"description\":\"With endpoint: a shared access signature (aeg-sas-token) instead of the key; use ${ENV}\",\"type\":\"string\"},\"clientId\":{\"minLength\":1,\"description\":\"Without key and sasToken: the client id of the user-assigned / workload identity to use (default: AZURE_CLIENT_ID)\",\"type\":\"string\"},\"schema\":{\"description\":\"With endpoint: the input schema the topic was created with, cloudevents (CloudEvents 1.0, the default) or eventgrid (the Event Grid schema)\",\"anyOf\":[{\"const\":\"cloudevents\",\"type\":\"string\"},{\"const\":\"eventgrid\",\"type\":\"string\"}]},\"domain\":{\"description\":\"With endpoint: the endpoint is an Event Grid domain, and each topic (its entity) is a domain topic (default false)\",\"type\":\"boolean\"}}}";

/** The driver's settings validator. */
export const settingsValidator: ValidateFunction = settings;
